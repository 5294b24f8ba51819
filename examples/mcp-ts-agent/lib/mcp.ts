import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export async function connectSearchServer(): Promise<Client> {
  const client = new Client({ name: 'research-assistant', version: '0.1.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('https://mcp.search-vendor.example/mcp')));
  return client;
}
