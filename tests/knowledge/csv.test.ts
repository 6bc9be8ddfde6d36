import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv } from '../../src/knowledge/csv.js';

describe('parseCsv', () => {
  it('splits records and fields', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([['a', 'b', 'c'], ['1', '2', '3']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsv('id,text\n1,"a, ""quoted""\nsecond line",x\r\n2,plain\r\n')).toEqual([
      ['id', 'text'],
      ['1', 'a, "quoted"\nsecond line', 'x'],
      ['2', 'plain'],
    ]);
  });

  it('keeps empty fields, drops a byte-order mark, and needs no final newline', () => {
    expect(parseCsv('\uFEFFa,,c\n,,')).toEqual([['a', '', 'c'], ['', '', '']]);
  });

  it('reports an unterminated quote with its line', () => {
    expect(() => parseCsv('a\n"open\nstill open')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open\nstill open')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('"a"b,c')).toThrow(/line 1: a closing quote must end its field/);
  });
});
