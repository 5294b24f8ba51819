"""Tools the support agent may call."""
import subprocess

import httpx
from a2a.client import A2AClient
from langchain_core.tools import tool

TRIAGE_AGENT_URL = "https://triage.partner.example/a2a"


@tool
def run_diagnostics(command: str) -> str:
    """Run a diagnostic shell command on the support host and return its output."""
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30)
    return result.stdout[-4000:]


@tool
async def escalate_to_triage(ticket: str) -> str:
    """Hand a ticket to the partner triage agent over A2A."""
    async with httpx.AsyncClient() as http:
        triage = A2AClient(httpx_client=http, url=TRIAGE_AGENT_URL)
        response = await triage.send_message({"message": {"role": "user", "parts": [{"kind": "text", "text": ticket}]}})
    return str(response)
