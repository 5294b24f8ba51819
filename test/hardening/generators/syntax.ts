import { PY_AGENT, TS_AGENT } from './agent-snippets.js';
import type { HostileCase } from './types.js';

// Source that does not parse, and source that parses but uses the corners of the grammar: decorators, match
// statements, walrus, nested f-strings, type parameters; JSX/TSX, nested template literals, satisfies, enums,
// `using`, regular expressions that look like comments. Agent code follows each, and must still be found.

const PY: Record<string, string> = {
  'unclosed-paren.py': `x = foo(1, 2\n${PY_AGENT}`,
  'bad-indent.py': `def f():\nreturn 1\n    x = 2\n\t\ty = 3\n${PY_AGENT}`,
  'python2.py': `print "hello"\nexec "code"\nraise E, "x"\n${PY_AGENT}`,
  'unterminated-string.py': `s = """never closed\n${PY_AGENT}`,
  'garbage.py': `)))]]]}}} def class lambda :::: @@@ \n${PY_AGENT}`,
  'decorators.py': `@a\n@b.c(d=1)\n@(lambda f: f)\n@x[0].y\nclass C:\n    @staticmethod\n    @functools.cache\n    def f(): ...\n${PY_AGENT}`,
  'match.py': `match cmd:\n    case {"action": "run", **rest} if rest:\n        pass\n    case [Point(x=0, y=0), *others]:\n        pass\n    case str() | bytes() as s:\n        pass\n    case _:\n        pass\n${PY_AGENT}`,
  'walrus.py': `if (n := len(a)) > 10 and any((y := f(x)) for x in a):\n    print(n, y)\n[z for x in a if (z := x)]\n${PY_AGENT}`,
  'fstrings.py': `x = f"{f'{f"{1+1}"}'}"\ny = f"{'a' if b else f'{c!r:>{width}}'}"\nz = f"{x=}, {y = !s}"\nw = rf"\\{{{x}}}"\n${PY_AGENT}`,
  'type-params.py': `type Point[T] = tuple[T, T]\ndef first[T: (int, str), *Ts, **P](x: T) -> T: ...\nclass Box[T]:\n    pass\n${PY_AGENT}`,
  'async.py': `async def f():\n    async with a as b, c as d:\n        async for x in y:\n            await z\n    return [x async for x in aiter() if await x]\n${PY_AGENT}`,
  'agent-in-match.py': `from langchain_openai import ChatOpenAI\nmatch mode:\n    case "fast":\n        llm = ChatOpenAI(model="gpt-4o-mini")\n    case _:\n        llm = ChatOpenAI(model=f"{name}")\n`,
  'template.py': `{% if cookiecutter.use_openai %}\nfrom openai import OpenAI\n{% endif %}\nclient = {{cookiecutter.client}}()\n${PY_AGENT}`,
  'star-exprs.py': `a, *b, (c, *d) = x\nprint(*a, **{**b, 'c': 1})\nlambda *a, b=1, **k: (yield)\n${PY_AGENT}`,
};

const TS: Record<string, string> = {
  'unclosed-brace.ts': `function f() {\n  if (x) {\n${TS_AGENT}`,
  'unclosed-template.ts': `const s = \`never \${closed\n${TS_AGENT}`,
  'garbage.ts': `}}}) => => :: ?.?. <<<>>> @@ #\n${TS_AGENT}`,
  'decorators.ts': `@Component({ selector: 'x' })\nexport class A {\n  @Input() @Other() name = '';\n  constructor(@Inject(T) private t: T) {}\n  @HostListener('click', ['$event']) on(e: Event) {}\n}\n${TS_AGENT}`,
  'satisfies-enums.ts': `enum E { A = 1, B = A << 2, C = 'c'.length }\nconst enum F { X }\ndeclare enum G { Y }\nconst cfg = { a: 1 } satisfies Record<string, number> as const;\nnamespace N.M { export const x = 1; }\n${TS_AGENT}`,
  'templates.ts': `const t = \`a\${\`b\${\`c\${d}\`}\`}\`;\nconst tag = String.raw\`\\n\${x}\`;\ntype T = \`pre-\${string}-\${number}\`;\n${TS_AGENT}`,
  'regex.ts': `const r = /\\/\\*not a comment*\\//g;\nconst s = /[/]\`'"/;\nconst d = a / b / c;\n${TS_AGENT}`,
  'using.ts': `await using res = getResource();\nusing x = y;\nclass P { #secret = 1; static { init(); } accessor z = 1; }\nlet v = a?.b?.[c]?.(d) ?? e;\nlabel: for (;;) break label;\n${TS_AGENT}`,
  'generics-arrows.ts': `const f = <T,>(x: T) => x;\nfunction g<const T extends readonly unknown[]>(x: T): T { return x; }\ntype M<T> = { [K in keyof T as \`get\${Capitalize<K & string>}\`]-?: () => T[K] };\n${TS_AGENT}`,
  'component.tsx': `import { openai } from '@ai-sdk/openai';\nimport { streamText } from 'ai';\nexport const Chat = <T,>({ items }: { items: T[] }) => (\n  <ul title={\`n=\${items.length}\`}>{items.map((i) => <li key={String(i)}>{/* } */}{'<'}</li>)}</ul>\n);\nexport async function POST() {\n  return streamText({ model: openai('gpt-4o'), prompt: 'x' });\n}\n`,
  'broken.tsx': `export const A = () => <div><span></div>;\nconst b = <T>(x) => x;\n${TS_AGENT}`,
  'component.jsx': `export default function App() {\n  return <><Foo {...props} bar="<b>" baz={<i/>} />&nbsp;&lt;</>;\n}\n${TS_AGENT.replace(': string', '')}`,
  'module.mjs': `import x from './x.json' with { type: 'json' };\nexport * as ns from 'mod';\nawait import('dynamic-' + name);\n${TS_AGENT.replace(': string', '')}`,
  'helm-template.ts': `const x = {{ .Values.model | quote }};\n${TS_AGENT}`,
  'overloads.ts': `export function f(a: string): string;\nexport function f(a: number): number;\nexport function f(a: any) { return a; }\nabstract class B { abstract m(): void; }\ndeclare module 'x' { export const y: number; }\n${TS_AGENT}`,
};

export function syntaxCases(): HostileCase[] {
  const one = (lang: string, name: string, text: string): HostileCase => ({ category: 'syntax', name: `${lang}-${name}`, files: { [`hostile/syntax/${lang}/${name}`]: text } });
  return [...Object.entries(PY).map(([n, t]) => one('python', n, t)), ...Object.entries(TS).map(([n, t]) => one('ts', n, t))];
}
