"""The support agent: answers from the knowledge base and can run diagnostics."""
from langchain.tools.retriever import create_retriever_tool
from langchain_openai import ChatOpenAI
from langgraph.checkpoint.memory import MemorySaver
from langgraph.prebuilt import create_react_agent

from app.ingest import ingest
from app.tools import escalate_to_triage, run_diagnostics

llm = ChatOpenAI(model="gpt-4o", temperature=0)
store = ingest()
search_docs = create_retriever_tool(store.as_retriever(), "search_docs", "Search the product documentation.")

support_agent = create_react_agent(
    llm,
    tools=[search_docs, run_diagnostics, escalate_to_triage],
    checkpointer=MemorySaver(),
)
