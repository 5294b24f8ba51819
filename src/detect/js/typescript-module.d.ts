// The compiler file inside @ts-morph/common ships no declarations of its own; it is the `ts` namespace ts-morph types.
declare module '@ts-morph/common/dist/typescript.js' {
  import type { ts } from 'ts-morph';
  const compiler: typeof ts;
  export default compiler;
}
