import { expect, it } from 'vitest';
import { detectors } from '../../../src/detect/registry.js';

// The parsed module is cached by its text: one analysis must leave nothing on it that changes the next.
it('finds the same in a framework-named folder however often the same text is analysed', async () => {
  const python = detectors.find((d) => d.id === 'python')!;
  const text = ['from mcp import ClientSession', 'from agents.mcp import MCPServerSse', '', 'server = MCPServerSse({"url": "https://mcp.example.com/sse"})', ''].join('\n');
  // Inside a folder named `mcp`, `from mcp import` is the file's own package: it is the MCP package's own code.
  const file = { path: 'src/mcp/client.py', text, blobId: 'b1' };
  const first = await python.detect(file);
  expect(first.facts.definesFrameworks).toEqual(['mcp']);
  expect(JSON.stringify(await python.detect(file))).toBe(JSON.stringify(first));
  expect(JSON.stringify(await python.detect({ ...file, blobId: 'b2' }))).toBe(JSON.stringify(first));
});
