import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_SOURCE_LENGTH, decodeScript, scriptSourceProblem } from './hook-source.ts';

const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

describe('hook source scripts', () => {
  test('base64 of UTF-8 text with LF line endings is a script', () => {
    const script = '#!/bin/bash\n# café\necho "freeze $1"\n\tsync\n';
    assert.equal(scriptSourceProblem(b64(script)), null);
    assert.equal(decodeScript(b64(script)), script);
    assert.equal(scriptSourceProblem(''), null, 'Astra allows 0 characters');
  });

  test('carriage returns are refused', () => {
    assert.match(scriptSourceProblem(b64('#!/bin/sh\r\necho hi\r\n')) ?? '', /carriage-return/);
  });

  test('binary data is refused: NUL and other control bytes, or bytes that are not UTF-8', () => {
    assert.match(scriptSourceProblem(b64(Buffer.from([0x23, 0x21, 0x00, 0x0a]))) ?? '', /binary/);
    assert.match(scriptSourceProblem(b64(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02]))) ?? '', /binary/);
    assert.match(scriptSourceProblem(b64(Buffer.from([0xc3, 0x28]))) ?? '', /UTF-8/);
  });

  test('text that is not canonical base64 is refused', () => {
    for (const bad of ['not base64!', 'YWJj\nZGVm', 'YWJjZA', 'YW=j']) assert.match(scriptSourceProblem(bad) ?? '', /base64/, bad);
  });

  test('131 072 base64 characters are the most (96 KiB of script)', () => {
    const max = b64('x'.repeat((MAX_SOURCE_LENGTH / 4) * 3));
    assert.equal(max.length, MAX_SOURCE_LENGTH);
    assert.equal(scriptSourceProblem(max), null);
    assert.match(scriptSourceProblem(b64('x'.repeat((MAX_SOURCE_LENGTH / 4) * 3 + 1))) ?? '', /at most 131072/);
  });
});
