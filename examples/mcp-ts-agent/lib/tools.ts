import { writeFile } from 'node:fs/promises';
import { tool } from 'ai';
import { z } from 'zod';

export const saveNote = tool({
  description: 'Save a research note to the shared notes folder',
  parameters: z.object({ name: z.string(), body: z.string() }),
  execute: async ({ name, body }) => {
    await writeFile(`/srv/notes/${name}.md`, body);
    return 'saved';
  },
});

export const readPage = tool({
  description: 'Fetch a web page and return its text',
  parameters: z.object({ url: z.string().url() }),
  execute: async ({ url }) => (await fetch(url)).text(),
});
