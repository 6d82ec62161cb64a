// A deliberately small DOM, just enough to run assets/order-lookup.js against the block's rendered
// markup in a unit test: an HTML parser for well-formed markup, elements with attributes, text,
// events with bubbling, focus, and simple CSS selectors (tag, .class, [attr], [attr="v"], descendant).

const VOID = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "source",
  "track",
  "wbr",
]);
const RAW_TEXT = new Set(["script", "style", "textarea", "title"]);
const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code =
        ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

export type FakeEvent = {
  type: string;
  target: FakeElement | null;
  defaultPrevented: boolean;
  preventDefault(): void;
};
type Listener = (event: FakeEvent) => void;

export class FakeNode {
  parentNode: FakeElement | null = null;
  ownerDocument: FakeDocument;
  constructor(doc: FakeDocument) {
    this.ownerDocument = doc;
  }
  get textContent(): string {
    return "";
  }
}

export class FakeText extends FakeNode {
  data: string;
  constructor(doc: FakeDocument, data: string) {
    super(doc);
    this.data = data;
  }
  override get textContent(): string {
    return this.data;
  }
}

export class FakeElement extends FakeNode {
  readonly tagName: string;
  readonly attributes = new Map<string, string>();
  childNodes: FakeNode[] = [];
  scrollTop = 0;
  private listeners = new Map<string, Listener[]>();
  private currentValue: string | undefined;

  constructor(doc: FakeDocument, tagName: string) {
    super(doc);
    this.tagName = tagName.toUpperCase();
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name.toLowerCase()) ?? null;
  }
  setAttribute(name: string, value: unknown): void {
    this.attributes.set(name.toLowerCase(), String(value));
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name.toLowerCase());
  }
  hasAttribute(name: string): boolean {
    return this.attributes.has(name.toLowerCase());
  }

  private flag(name: string, on: boolean): void {
    if (on) this.setAttribute(name, "");
    else this.removeAttribute(name);
  }
  get className(): string {
    return this.getAttribute("class") ?? "";
  }
  set className(value: string) {
    this.setAttribute("class", value);
  }
  get classList(): string[] {
    return this.className.split(/\s+/).filter(Boolean);
  }
  get id(): string {
    return this.getAttribute("id") ?? "";
  }
  set id(value: string) {
    this.setAttribute("id", value);
  }
  get hidden(): boolean {
    return this.hasAttribute("hidden");
  }
  set hidden(on: boolean) {
    this.flag("hidden", on);
  }
  get disabled(): boolean {
    return this.hasAttribute("disabled");
  }
  set disabled(on: boolean) {
    this.flag("disabled", on);
  }
  get value(): string {
    return this.currentValue ?? this.getAttribute("value") ?? "";
  }
  set value(value: string) {
    this.currentValue = value;
  }

  get children(): FakeElement[] {
    return this.childNodes.filter((node): node is FakeElement => node instanceof FakeElement);
  }
  get firstChild(): FakeNode | null {
    return this.childNodes[0] ?? null;
  }
  override get textContent(): string {
    return this.childNodes.map((node) => node.textContent).join("");
  }
  override set textContent(text: string) {
    this.replaceChildren(new FakeText(this.ownerDocument, String(text)));
  }

  appendChild<T extends FakeNode>(child: T): T {
    if (child.parentNode) {
      const siblings = child.parentNode.childNodes;
      siblings.splice(siblings.indexOf(child), 1);
    }
    child.parentNode = this;
    this.childNodes.push(child);
    return child;
  }
  append(...nodes: (FakeNode | string)[]): void {
    for (const node of nodes)
      this.appendChild(typeof node === "string" ? new FakeText(this.ownerDocument, node) : node);
  }
  replaceChildren(...nodes: (FakeNode | string)[]): void {
    for (const child of this.childNodes) child.parentNode = null;
    this.childNodes = [];
    this.append(...nodes);
  }
  contains(node: FakeNode | null): boolean {
    for (let current = node; current; current = current.parentNode)
      if (current === this) return true;
    return false;
  }

  get descendants(): FakeElement[] {
    return this.children.flatMap((child) => [child, ...child.descendants]);
  }
  querySelectorAll(selector: string): FakeElement[] {
    return this.descendants.filter((element) => matches(element, selector));
  }
  querySelector(selector: string): FakeElement | null {
    return this.querySelectorAll(selector)[0] ?? null;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  /** Calls this node's listeners only (bubbling is done by dispatchEvent). */
  fire(event: FakeEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }
  dispatchEvent(event: FakeEvent): boolean {
    this.fire(event);
    for (let node = this.parentNode; node; node = node.parentNode) node.fire(event);
    this.ownerDocument.fire(event);
    return !event.defaultPrevented;
  }
  focus(): void {
    this.ownerDocument.activeElement = this;
  }
}

export class FakeDocument {
  readyState = "complete";
  readonly documentElement: FakeElement;
  readonly body: FakeElement;
  activeElement: FakeElement | null;
  private listeners = new Map<string, Listener[]>();

  constructor(lang = "en") {
    this.documentElement = new FakeElement(this, "html");
    this.documentElement.setAttribute("lang", lang);
    this.body = this.documentElement.appendChild(new FakeElement(this, "body"));
    this.activeElement = this.body;
  }
  createElement(tag: string): FakeElement {
    return new FakeElement(this, tag);
  }
  createTextNode(text: string): FakeText {
    return new FakeText(this, text);
  }
  querySelectorAll(selector: string): FakeElement[] {
    return this.documentElement.querySelectorAll(selector);
  }
  querySelector(selector: string): FakeElement | null {
    return this.documentElement.querySelector(selector);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  fire(event: FakeEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }
}

// `lang` is a reflected attribute the script reads as a property.
Object.defineProperty(FakeElement.prototype, "lang", {
  get(this: FakeElement) {
    return this.getAttribute("lang") ?? "";
  },
});

export function event(type: string, target: FakeElement | null = null): FakeEvent {
  return {
    type,
    target,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

type Compound = { tag?: string; classes: string[]; attrs: { name: string; value?: string }[] };

function parseCompound(text: string): Compound {
  const compound: Compound = { classes: [], attrs: [] };
  const pattern =
    /^([a-z][a-z0-9-]*)|\.([\w-]+)|\[([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|([^\]]*)))?\]/gi;
  let consumed = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index !== consumed) break;
    consumed += match[0].length;
    if (match[1]) compound.tag = match[1].toUpperCase();
    else if (match[2]) compound.classes.push(match[2]);
    else
      compound.attrs.push({
        name: match[3].toLowerCase(),
        value: match[4] ?? match[5] ?? match[6],
      });
  }
  if (consumed !== text.length) throw new Error(`Unsupported selector: ${text}`);
  return compound;
}

function matchesCompound(element: FakeElement, compound: Compound): boolean {
  if (compound.tag && element.tagName !== compound.tag) return false;
  const classes = element.classList;
  if (!compound.classes.every((name) => classes.includes(name))) return false;
  return compound.attrs.every(({ name, value }) =>
    value === undefined ? element.hasAttribute(name) : element.getAttribute(name) === value,
  );
}

function matches(element: FakeElement, selector: string): boolean {
  return selector.split(",").some((alternative) => {
    const parts = alternative.trim().split(/\s+/).map(parseCompound);
    if (!matchesCompound(element, parts[parts.length - 1])) return false;
    let index = parts.length - 2;
    for (let node = element.parentNode; node && index >= 0; node = node.parentNode) {
      if (matchesCompound(node, parts[index])) index--;
    }
    return index < 0;
  });
}

/** Parses well-formed HTML (as the block renders it) into `parent`. */
export function parseHtml(
  doc: FakeDocument,
  html: string,
  parent: FakeElement = doc.body,
): FakeElement {
  const stack: FakeElement[] = [parent];
  const token =
    /<!--[\s\S]*?-->|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/g;
  let position = 0;
  const text = (value: string) => {
    if (value) stack[stack.length - 1].appendChild(new FakeText(doc, decode(value)));
  };
  for (let match = token.exec(html); match; match = token.exec(html)) {
    text(html.slice(position, match.index));
    position = token.lastIndex;
    if (match[0].startsWith("<!--")) continue;
    if (match[1]) {
      const name = match[1].toUpperCase();
      const index = stack.map((element) => element.tagName).lastIndexOf(name);
      if (index <= 0) throw new Error(`Unexpected </${match[1]}> at ${match.index}`);
      stack.length = index;
      continue;
    }
    const element = new FakeElement(doc, match[2]);
    const attributes = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
    for (let attr = attributes.exec(match[3]); attr; attr = attributes.exec(match[3])) {
      element.setAttribute(attr[1], decode(attr[2] ?? attr[3] ?? attr[4] ?? ""));
    }
    stack[stack.length - 1].appendChild(element);
    const tag = match[2].toLowerCase();
    if (VOID.has(tag) || match[4]) continue;
    stack.push(element);
    if (RAW_TEXT.has(tag)) {
      // Raw text runs to the matching end tag, which the next iteration then closes.
      const end = html.toLowerCase().indexOf(`</${tag}`, position);
      if (end < 0) throw new Error(`Unclosed <${tag}>`);
      const body = html.slice(position, end);
      if (body)
        element.appendChild(
          new FakeText(doc, tag === "textarea" || tag === "title" ? decode(body) : body),
        );
      token.lastIndex = position = end;
    }
  }
  text(html.slice(position));
  if (stack.length !== 1)
    throw new Error(`Unclosed <${stack[stack.length - 1].tagName.toLowerCase()}>`);
  return parent;
}
