/**
 * Committed Python bytecode (`__pycache__/settings.cpython-310.pyc`) keeps a module's string constants after its source
 * was cleaned: the AppSecret a team removed from `settings.py` is still in every clone. This reads a `.pyc` of CPython
 * 2.7 or 3.7–3.12 (its `marshal` format; 3.13 renumbered the opcodes, and its files are left unread) and writes back what the module's code stores: `NAME = 'value'` where a constant is
 * assigned to a name or an attribute, `'KEY': 'value'` where a dict is built from constant keys, and every other string
 * constant alone on its line. The rules then read it as Python source; line numbers are those of this listing.
 */

/** Python 2.7's magic number: an 8-byte header, and bytecode of one byte per opcode plus two per argument. */
const python27 = 62211;
/** First CPython bytecode magic number (little-endian, in the file's first two bytes) of each supported 3.x version. */
const versions: readonly (readonly [magic: number, version: number])[] = [
  [3500, 312],
  [3450, 311],
  [3430, 310],
  [3420, 309],
  [3400, 308],
  [3390, 307],
];

/**
 * The opcodes read here, the same in 2.7 and 3.7–3.12: loads of constants, stores to names, dicts built from constant
 * keys (3.6+) or entry by entry (2.7's STORE_MAP).
 */
const op = { loadConst: 100, storeName: 90, storeGlobal: 97, storeFast: 125, storeAttr: 95, buildConstKeyMap: 156, storeMap: 54, cache: 0 } as const;

/** One instruction: its opcode and argument. */
type Instruction = readonly [opcode: number, arg: number];

/** 3.6+ wordcode: an opcode and its argument per two bytes; EXTENDED_ARG (144) widens the next argument. */
function* wordcode(code: Buffer): Generator<Instruction> {
  let extended = 0;
  for (let at = 0; at + 1 < code.length; at += 2) {
    const opcode = code[at] as number;
    const arg = (code[at + 1] as number) | extended;
    extended = opcode === 144 ? arg << 8 : 0;
    // Inline caches (3.11+) and widening are no instructions of their own.
    if (opcode !== op.cache && opcode !== 144) yield [opcode, arg];
  }
}

/** 2.7's bytecode: an opcode, then a two-byte argument when it takes one (90 and up); EXTENDED_ARG is 145. */
function* bytecode27(code: Buffer): Generator<Instruction> {
  let extended = 0;
  for (let at = 0; at < code.length; ) {
    const opcode = code[at] as number;
    const arg = opcode >= 90 && at + 2 < code.length ? (code.readUInt16LE(at + 1) | extended) : 0;
    at += opcode >= 90 ? 3 : 1;
    extended = opcode === 145 ? arg << 16 : 0;
    if (opcode !== 145) yield [opcode, arg];
  }
}

interface CodeObject {
  kind: 'code';
  code: Buffer;
  consts: unknown[];
  names: string[];
  locals: string[];
}

/** A reader of one `marshal` stream; an unknown or truncated object ends it with an exception (caught by `pycSource`). */
class MarshalReader {
  private pos: number;
  private readonly refs: unknown[] = [];
  /** 2.7's interned strings, which a later `R` names by index. */
  private readonly interned: string[] = [];

  constructor(
    private readonly buf: Buffer,
    start: number,
    /** The CPython version as 100 × major + minor: 207, 307 … 312. */
    private readonly version: number,
  ) {
    this.pos = start;
  }

  private byte(): number {
    if (this.pos >= this.buf.length) throw new RangeError('truncated');
    return this.buf[this.pos++] as number;
  }

  private int(): number {
    if (this.pos + 4 > this.buf.length) throw new RangeError('truncated');
    const value = this.buf.readInt32LE(this.pos);
    this.pos += 4;
    return value;
  }

  private bytes(length: number): Buffer {
    if (length < 0 || this.pos + length > this.buf.length) throw new RangeError('truncated');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  private sequence(length: number): unknown[] {
    const items: unknown[] = [];
    for (let i = 0; i < length; i++) items.push(this.object());
    return items;
  }

  object(): unknown {
    const code = this.byte();
    const type = String.fromCharCode(code & 0x7f);
    // FLAG_REF: the object is kept for later `r` references; its slot is taken before its children are read.
    const slot = (code & 0x80) !== 0 ? this.refs.push(undefined) - 1 : -1;
    const value = this.value(type);
    if (slot >= 0) this.refs[slot] = value;
    return value;
  }

  private value(type: string): unknown {
    switch (type) {
      case '0':
      case 'N':
      case 'S':
      case '.':
        return null;
      case 'F':
        return false;
      case 'T':
        return true;
      case 'i':
        return this.int();
      case 'l':
        this.bytes(Math.abs(this.int()) * 2);
        return 0;
      case 'g':
        this.bytes(8);
        return 0;
      case 'y':
        this.bytes(16);
        return 0;
      case 'f':
        this.bytes(this.byte());
        return 0;
      case 'x':
        this.bytes(this.byte());
        this.bytes(this.byte());
        return 0;
      case 's':
        return this.bytes(this.int()).toString('latin1');
      case 't': {
        const text = this.bytes(this.int()).toString('utf8');
        if (this.version === 207) this.interned.push(text);
        return text;
      }
      case 'R':
        return this.interned[this.int()];
      case 'u':
      case 'a':
      case 'A':
        return this.bytes(this.int()).toString('utf8');
      case 'z':
      case 'Z':
        return this.bytes(this.byte()).toString('latin1');
      case '(':
      case '[':
      case '<':
      case '>':
        return this.sequence(this.int());
      case ')':
        return this.sequence(this.byte());
      case '{': {
        const entries: unknown[] = [];
        for (let key = this.object(); key !== null; key = this.object()) entries.push(key, this.object());
        return entries;
      }
      case 'r':
        return this.refs[this.int()];
      case 'c':
        return this.codeObject();
      default:
        throw new RangeError(`marshal type ${JSON.stringify(type)}`);
    }
  }

  /** A code object: its counts, then its objects, in the order this version writes them. */
  private codeObject(): CodeObject {
    // argcount, posonlyargcount (3.8+), kwonlyargcount (3.x), nlocals (before 3.11), stacksize, flags.
    const counts = this.version === 207 ? 4 : 4 + (this.version >= 308 ? 1 : 0) + (this.version < 311 ? 1 : 0);
    for (let i = 0; i < counts; i++) this.int();
    const code = this.object() as Buffer | string;
    const consts = this.object() as unknown[];
    const names = this.object() as string[];
    let locals: string[];
    if (this.version >= 311) {
      locals = this.object() as string[]; // localsplusnames
      this.object(); // localspluskinds
      this.sequence(3); // filename, name, qualname
      this.int(); // firstlineno
      this.sequence(2); // linetable, exceptiontable
    } else {
      locals = this.object() as string[]; // varnames
      this.sequence(4); // freevars, cellvars, filename, name
      this.int(); // firstlineno
      this.object(); // lnotab
    }
    return { kind: 'code', code: Buffer.from(code as string, 'latin1'), consts, names, locals };
  }
}

function isCode(value: unknown): value is CodeObject {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'code';
}

/** A Python literal for a string. */
function quoted(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

/** The lines of one code object and of those nested in it (functions, classes, comprehensions). */
function listing(code: CodeObject, instructions: (code: Buffer) => Iterable<Instruction>, lines: string[]): void {
  const used = new Set<number>();
  const constString = (index: number): string | undefined => {
    const value = code.consts[index];
    return typeof value === 'string' ? value : undefined;
  };
  const loaded: (number | undefined)[] = [];
  for (const [opcode, arg] of instructions(code.code)) {
    const last = loaded.at(-1);
    if (opcode === op.loadConst) {
      loaded.push(arg);
      continue;
    }
    if ((opcode === op.storeName || opcode === op.storeGlobal || opcode === op.storeFast || opcode === op.storeAttr) && last !== undefined) {
      const value = constString(last);
      const name = (opcode === op.storeFast ? code.locals : code.names)[arg];
      if (value !== undefined && name !== undefined) {
        lines.push(`${opcode === op.storeAttr ? 'self.' : ''}${name} = ${quoted(value)}`);
        used.add(last);
      }
    } else if (opcode === op.storeMap && instructions === bytecode27 && loaded.length >= 2) {
      // 2.7 builds a dict entry by entry: the value's constant, then the key's.
      const [value, key] = [constString(loaded.at(-2) as number), constString(last as number)];
      if (value !== undefined && key !== undefined) {
        lines.push(`${quoted(key)}: ${quoted(value)},`);
        used.add(loaded.at(-2) as number);
      }
    } else if (opcode === op.buildConstKeyMap && last !== undefined && Array.isArray(code.consts[last])) {
      const keys = code.consts[last] as unknown[];
      const values = loaded.slice(-1 - keys.length, -1);
      if (values.length === keys.length) {
        keys.forEach((key, i) => {
          const value = values[i] === undefined ? undefined : constString(values[i] as number);
          if (typeof key === 'string' && value !== undefined) {
            lines.push(`${quoted(key)}: ${quoted(value)},`);
            used.add(values[i] as number);
          }
        });
      }
    }
    loaded.length = 0;
  }
  code.consts.forEach((value, index) => {
    if (typeof value === 'string' && value.length >= 6 && !used.has(index)) lines.push(quoted(value));
  });
  for (const value of code.consts) if (isCode(value)) listing(value, instructions, lines);
}

/** The source-like listing of a `.pyc`'s module, or undefined for another version or a file that does not parse. */
export function pycSource(data: Buffer): Buffer | undefined {
  if (data.length < 17 || data[2] !== 0x0d || data[3] !== 0x0a) return undefined;
  const magic = data.readUInt16LE(0);
  const version = magic === python27 ? 207 : magic < 3550 ? versions.find(([first]) => magic >= first)?.[1] : undefined;
  if (version === undefined) return undefined;
  try {
    const module = new MarshalReader(data, version === 207 ? 8 : 16, version).object();
    if (!isCode(module)) return undefined;
    const lines: string[] = [];
    listing(module, version === 207 ? bytecode27 : wordcode, lines);
    return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  } catch {
    return undefined;
  }
}
