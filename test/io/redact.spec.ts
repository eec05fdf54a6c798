import { expect } from 'chai';
import { inputName, resolveInputs } from '../../lib/io/inputs.js';
import { displayUrl, redactCredentials } from '../../lib/io/redact.js';

describe('credentials in messages', () => {
  it('hides the user information of every URL in a text, whatever the scheme or case', () => {
    expect(redactCredentials('GET https://ann:s3cret@example.org/x failed')).to.equal('GET https://***@example.org/x failed');
    expect(redactCredentials('HTTP://TOKEN@example.org and ftp://u:p@h/')).to.equal('HTTP://***@example.org and ftp://***@h/');
    // A password with an unescaped '/' or '@': everything up to the last '@' goes.
    expect(redactCredentials('http://ann:s3/cr@t@example.org/x')).to.equal('http://***@example.org/x');
    expect(redactCredentials('no URL here: a@b')).to.equal('no URL here: a@b');
  });

  it('shows an input URL as given, or with *** for its credentials', () => {
    expect(displayUrl('https://example.org/reads.fa')).to.equal('https://example.org/reads.fa');
    expect(displayUrl('https://ann:s3cret@example.org/reads.fa?x=1')).to.equal('https://***@example.org/reads.fa?x=1');
    expect(displayUrl('https://ann@example.org/')).to.equal('https://***@example.org/');
  });

  it('names an input URL without its credentials, while the URL read keeps them', async () => {
    expect(inputName('http://ann:pw@127.0.0.1:9/x.fa')).to.equal('http://***@127.0.0.1:9/x.fa');
    const [resolved] = await resolveInputs(['http://ann:pw@127.0.0.1:9/x.fa']);
    expect(resolved).to.deep.include({ kind: 'url', name: 'http://***@127.0.0.1:9/x.fa' });
    expect((resolved as { url: URL }).url.password).to.equal('pw');
  });
});
