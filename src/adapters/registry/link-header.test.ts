import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextLink } from './link-header.ts';

test('the next page link is resolved against the response URL, whatever else the header holds', () => {
  const base = 'http://127.0.0.1:5000/v2/shop/web/tags/list?n=2';
  assert.equal(nextLink('</v2/shop/web/tags/list?last=b&n=2>; rel="next"', base)?.toString(), 'http://127.0.0.1:5000/v2/shop/web/tags/list?last=b&n=2');
  assert.equal(nextLink('<https://other.example/x>; rel="prev", <?last=c&n=2>; rel=next', base)?.toString(), 'http://127.0.0.1:5000/v2/shop/web/tags/list?last=c&n=2');
  assert.equal(nextLink('</a>; rel="prev"', base), null);
  assert.equal(nextLink(null, base), null);
});
