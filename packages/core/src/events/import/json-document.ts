/**
 * A streaming splitter for one (possibly pretty-printed, possibly huge) JSON document: a top-level array of items, or
 * a top-level object whose `batch` member is the array of items (the Segment batch document). Lines are fed one at a
 * time; each item comes out as its own JSON text with the line it started on, and the object's other members as
 * (key, JSON text) pairs. Only one item is held at a time, so the document is never loaded whole.
 */
export type DocumentPart = { kind: 'item'; line: number; text: string } | { kind: 'member'; key: string; text: string };

export class DocumentSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'DocumentSyntaxError';
  }
}

type Capture = { kind: 'item' | 'member' | 'key'; base: number; primitive: boolean; line: number; pieces: string[] };

export class JsonDocumentSplitter {
  private depth = 0;
  private inString = false;
  private escape = false;
  private root: '{' | '[' | null = null;
  /** Depth at which items are elements (1: top-level array, 2: the batch array); 0 when not inside one. */
  private itemDepth = 0;
  private capture: Capture | null = null;
  private key = '';
  /** In the top-level object: what comes next. */
  private expect: 'key' | 'colon' | 'value' | 'comma' = 'key';
  private finished = false;
  /** Keys of the top-level object seen so far (the batch key included). */
  readonly keys: string[] = [];

  get done(): boolean {
    return this.finished;
  }

  /** Feeds one line (without its line break); returns the parts completed in it. */
  feed(text: string, line: number): DocumentPart[] {
    const out: DocumentPart[] = [];
    let start = 0; // where the open capture's text resumes on this line
    const finish = (endExclusive: number) => {
      const c = this.capture as Capture;
      c.pieces.push(text.slice(start, endExclusive));
      const whole = c.pieces.join('\n');
      this.capture = null;
      if (c.kind === 'item') out.push({ kind: 'item', line: c.line, text: whole });
      else if (c.kind === 'member') {
        out.push({ kind: 'member', key: this.key, text: whole });
        this.expect = 'comma';
      } else {
        this.key = JSON.parse(whole) as string;
        this.keys.push(this.key);
        this.expect = 'colon';
      }
    };
    const begin = (kind: Capture['kind'], i: number, primitive: boolean) => {
      this.capture = { kind, base: this.depth, primitive, line, pieces: [] };
      start = i;
    };
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (ch === '\\') this.escape = true;
        else if (ch === '"') {
          this.inString = false;
          if (this.capture && this.depth === this.capture.base && !this.capture.primitive) finish(i + 1);
        }
        continue;
      }
      if (ch === ' ' || ch === '\t' || ch === '\r') continue;
      if (this.finished) throw new DocumentSyntaxError(line, 'unexpected text after the end of the document');
      const cap = this.capture;
      if (cap?.primitive) {
        if (this.depth === cap.base && (ch === ',' || ch === '}' || ch === ']')) finish(i);
        else continue;
      }
      if (this.capture) {
        // Inside a captured container or string-valued capture.
        if (ch === '"') this.inString = true;
        else if (ch === '{' || ch === '[') this.depth++;
        else if (ch === '}' || ch === ']') {
          this.depth--;
          if (this.depth === (this.capture as Capture).base) finish(i + 1);
        }
        continue;
      }
      if (this.root === null) {
        if (ch !== '{' && ch !== '[')
          throw new DocumentSyntaxError(line, 'the document must be a JSON object or array');
        this.root = ch;
        this.depth = 1;
        if (ch === '[') this.itemDepth = 1;
        continue;
      }
      if (this.itemDepth > 0 && this.depth === this.itemDepth) {
        if (ch === ',') continue;
        if (ch === ']') {
          this.depth--;
          if (this.itemDepth === 1) this.finished = true;
          else this.expect = 'comma';
          this.itemDepth = 0;
          continue;
        }
        this.startValue('item', ch, i, begin);
        continue;
      }
      // In the top-level object, between members.
      if (this.depth !== 1) throw new DocumentSyntaxError(line, `unexpected ${JSON.stringify(ch)}`);
      if (ch === '}') {
        if (this.expect === 'colon' || this.expect === 'value') {
          throw new DocumentSyntaxError(line, 'unexpected "}"');
        }
        this.depth = 0;
        this.finished = true;
        continue;
      }
      switch (this.expect) {
        case 'key':
          if (ch !== '"') throw new DocumentSyntaxError(line, `expected a member name, found ${JSON.stringify(ch)}`);
          begin('key', i, false);
          this.inString = true;
          break;
        case 'colon':
          if (ch !== ':') throw new DocumentSyntaxError(line, `expected ":", found ${JSON.stringify(ch)}`);
          this.expect = 'value';
          break;
        case 'value':
          if (this.key === 'batch' && ch === '[') {
            this.depth = 2;
            this.itemDepth = 2;
          } else this.startValue('member', ch, i, begin);
          break;
        case 'comma':
          if (ch !== ',') throw new DocumentSyntaxError(line, `expected "," or "}", found ${JSON.stringify(ch)}`);
          this.expect = 'key';
          break;
      }
    }
    if (this.capture) this.capture.pieces.push(text.slice(start));
    return out;
  }

  private startValue(
    kind: 'item' | 'member',
    ch: string,
    i: number,
    begin: (kind: Capture['kind'], i: number, primitive: boolean) => void,
  ): void {
    if (ch === '{' || ch === '[') {
      begin(kind, i, false);
      this.depth++;
    } else if (ch === '"') {
      begin(kind, i, false);
      this.inString = true;
    } else begin(kind, i, true);
  }
}
