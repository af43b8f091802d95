import { htmlToText } from 'conversations-client';
import { describe, expect, it } from 'vitest';

describe('htmlToText', () => {
  it.each([
    ['<p><span style="letter-spacing: 0.36px">What is your ID number?&nbsp;</span></p>', 'What is your ID number?'],
    ['>Hi!&nbsp;<br><br>How are you today?', '>Hi!\nHow are you today?'],
    ['<div>Hi,<br>the invoice is attached.</div>', 'Hi,\nthe invoice is attached.'],
    ['<p>Thanks &amp; see you tomorrow&nbsp;🙂</p>', 'Thanks & see you tomorrow 🙂'],
    ['<b>a</b> &lt;b&gt; &quot;q&quot; &#39;s&#39; &#x1F600; &hellip;', 'a <b> "q" \'s\' 😀 …'],
    [
      '<div><div dir="ltr"><strong>From: </strong>Contact</div><div dir="ltr"><strong>To:</strong> sam</div></div>',
      'From: Contact\nTo: sam',
    ],
    ['line one<br/>line two<BR />line three', 'line one\nline two\nline three'],
    ['<ul><li>one</li><li>two</li></ul>', 'one\ntwo'],
    ['<style>p{color:red}</style><script>alert(1)</script>text', 'text'],
    ['&unknown; &#0; plain', '&unknown; &#0; plain'],
    ['   spaced\t\tout   ', 'spaced out'],
  ])('%j → %j', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('gives an empty string for anything but a string', () => {
    for (const value of [null, undefined, 42, {}]) expect(htmlToText(value)).toBe('');
  });
});
