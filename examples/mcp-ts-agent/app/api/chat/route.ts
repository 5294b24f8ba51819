import { research } from '../../../lib/agent';

export async function POST(req: Request) {
  const { question } = await req.json();
  return Response.json({ answer: await research(question) });
}
