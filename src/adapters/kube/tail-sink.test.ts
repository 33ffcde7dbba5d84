import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TailSink } from './tail-sink.ts';

describe('TailSink', () => {
  test('keeps everything below the limit', () => {
    const sink = new TailSink(16);
    sink.write('hello ');
    sink.write(Buffer.from('world'));
    assert.equal(sink.text(), 'hello world');
    assert.equal(sink.truncated, false);
  });

  test('keeps only the last bytes of a long output and says it truncated', () => {
    const sink = new TailSink(10);
    let all = '';
    for (let i = 0; i < 100; i++) {
      sink.write(`line ${i}\n`);
      all += `line ${i}\n`;
    }
    assert.equal(sink.text(), all.slice(-10));
    assert.equal(sink.truncated, true);
  });

  test('drops a multi-byte character cut at the start of the tail', () => {
    const sink = new TailSink(4);
    sink.write('aé€');
    assert.equal(sink.text(), '€');
  });
});
