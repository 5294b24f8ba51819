"""HTTP entry point: customers chat with the support agent."""
import os

from fastapi import FastAPI
from pydantic import BaseModel

from app.agent import support_agent

os.environ.setdefault("LANGCHAIN_TRACING_V2", "true")

api = FastAPI()


class Question(BaseModel):
    session: str
    text: str


@api.post("/chat")
def chat(q: Question) -> dict:
    state = support_agent.invoke(
        {"messages": [("user", q.text)]},
        config={"configurable": {"thread_id": q.session}},
    )
    return {"answer": state["messages"][-1].content}
