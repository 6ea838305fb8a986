/**
 * Committed Python bytecode (`__pycache__/settings.cpython-310.pyc`) keeps a module's string constants after its source
 * was cleaned: the AppSecret a team removed from `settings.py` is still in every clone. This reads a `.pyc` of CPython
 * 2.7 or 3.7–3.13 (its `marshal` format, and the opcodes of its era: 3.13 renumbered them) and writes back what the module's code stores: `NAME = 'value'` where a constant is
 * assigned to a name or an attribute, `'KEY': 'value'` where a dict is built from constant keys, and every other string
 * constant alone on its line. The rules then read it as Python source; line numbers are those of this listing.
 */

/** Python 2.7's magic number: an 8-byte header, and bytecode of one byte per opcode plus two per argument. */
const python27 = 62211;
/** First CPython bytecode magic number (little-endian, in the file's first two bytes) of each supported 3.x version. */
const versions: readonly (readonly [magic: number, version: number])[] = [
  [3550, 313],
  [3500, 312],
  [3450, 311],
  [3430, 310],
  [3420, 309],
  [3400, 308],
  [3390, 307],
];
/** 3.14's first magic number: its files are left unread until its format is checked. */
const unsupportedFrom = 3600;

/**
 * The opcodes read here: loads of constants, stores to names, dicts built from constant keys (3.6+) or entry by entry
 * (2.7's STORE_MAP), and the prefix that widens the next argument.
 */
interface Opcodes {
  loadConst: number;
  storeName: number;
  storeGlobal: number;
  storeFast: number;
  storeAttr: number;
  buildConstKeyMap: number;
  storeMap: number;
  extendedArg: number;
}
/** 3.6 to 3.12 kept 2.7's numbers; 2.7 widened with 145 and had STORE_MAP (gone since 3.5: -1 matches no opcode). */
const classicOpcodes: Opcodes = { loadConst: 100, storeName: 90, storeGlobal: 97, storeFast: 125, storeAttr: 95, buildConstKeyMap: 156, storeMap: -1, extendedArg: 144 };
const python27Opcodes: Opcodes = { ...classicOpcodes, storeMap: 54, extendedArg: 145 };
/** 3.13 renumbered every opcode (its `opcode.opmap`); STORE_MAP is long gone. */
const python313Opcodes: Opcodes = { loadConst: 83, storeName: 114, storeGlobal: 113, storeFast: 110, storeAttr: 108, buildConstKeyMap: 46, storeMap: -1, extendedArg: 71 };
/** Inline caches (3.11+) are two-byte slots after an instruction, not instructions. */
const cacheOpcode = 0;

/** One instruction: its opcode and argument. */
type Instruction = readonly [opcode: number, arg: number];

/** 3.6+ wordcode: an opcode and its argument per two bytes; EXTENDED_ARG widens the next argument. */
function* wordcode(code: Buffer, ops: Opcodes): Generator<Instruction> {
  let extended = 0;
  for (let at = 0; at + 1 < code.length; at += 2) {
    const opcode = code[at] as number;
    const arg = (code[at + 1] as number) | extended;
    extended = opcode === ops.extendedArg ? arg << 8 : 0;
    if (opcode !== cacheOpcode && opcode !== ops.extendedArg) yield [opcode, arg];
  }
}

/** 2.7's bytecode: an opcode, then a two-byte argument when it takes one (90 and up). */
function* bytecode27(code: Buffer, ops: Opcodes): Generator<Instruction> {
  let extended = 0;
  for (let at = 0; at < code.length; ) {
    const opcode = code[at] as number;
    const arg = opcode >= 90 && at + 2 < code.length ? (code.readUInt16LE(at + 1) | extended) : 0;
    at += opcode >= 90 ? 3 : 1;
    extended = opcode === ops.extendedArg ? arg << 16 : 0;
    if (opcode !== ops.extendedArg) yield [opcode, arg];
  }
}

/** How one version's code is read: its instruction stream and the numbers of the opcodes read here. */
interface Dialect {
  instructions: (code: Buffer, ops: Opcodes) => Iterable<Instruction>;
  ops: Opcodes;
}

function dialectOf(version: number): Dialect {
  if (version === 207) return { instructions: bytecode27, ops: python27Opcodes };
  return { instructions: wordcode, ops: version >= 313 ? python313Opcodes : classicOpcodes };
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
function listing(code: CodeObject, dialect: Dialect, lines: string[]): void {
  const { ops } = dialect;
  const used = new Set<number>();
  const constString = (index: number): string | undefined => {
    const value = code.consts[index];
    return typeof value === 'string' ? value : undefined;
  };
  const loaded: (number | undefined)[] = [];
  for (const [opcode, arg] of dialect.instructions(code.code, ops)) {
    const last = loaded.at(-1);
    if (opcode === ops.loadConst) {
      loaded.push(arg);
      continue;
    }
    if ((opcode === ops.storeName || opcode === ops.storeGlobal || opcode === ops.storeFast || opcode === ops.storeAttr) && last !== undefined) {
      const value = constString(last);
      const name = (opcode === ops.storeFast ? code.locals : code.names)[arg];
      if (value !== undefined && name !== undefined) {
        lines.push(`${opcode === ops.storeAttr ? 'self.' : ''}${name} = ${quoted(value)}`);
        used.add(last);
      }
    } else if (opcode === ops.storeMap && loaded.length >= 2) {
      // 2.7 builds a dict entry by entry: the value's constant, then the key's.
      const [value, key] = [constString(loaded.at(-2) as number), constString(last as number)];
      if (value !== undefined && key !== undefined) {
        lines.push(`${quoted(key)}: ${quoted(value)},`);
        used.add(loaded.at(-2) as number);
      }
    } else if (opcode === ops.buildConstKeyMap && last !== undefined && Array.isArray(code.consts[last])) {
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
  for (const value of code.consts) if (isCode(value)) listing(value, dialect, lines);
}

/** The source-like listing of a `.pyc`'s module, or undefined for another version or a file that does not parse. */
export function pycSource(data: Buffer): Buffer | undefined {
  if (data.length < 17 || data[2] !== 0x0d || data[3] !== 0x0a) return undefined;
  const magic = data.readUInt16LE(0);
  const version = magic === python27 ? 207 : magic < unsupportedFrom ? versions.find(([first]) => magic >= first)?.[1] : undefined;
  if (version === undefined) return undefined;
  try {
    const module = new MarshalReader(data, version === 207 ? 8 : 16, version).object();
    if (!isCode(module)) return undefined;
    const lines: string[] = [];
    listing(module, dialectOf(version), lines);
    return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  } catch {
    return undefined;
  }
}
