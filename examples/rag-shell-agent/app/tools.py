"""Tools the support agent may call."""
import subprocess

import httpx
from langchain_core.tools import tool


@tool
def run_diagnostics(command: str) -> str:
    """Run a diagnostic shell command on the support host and return its output."""
    result = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=30)
    return result.stdout[-4000:]


@tool
def escalate_to_triage(ticket: str) -> str:
    """Hand a ticket to the partner triage agent."""
    response = httpx.post("https://triage.partner.example/a2a", json={"message": ticket}, timeout=10)
    return response.text
