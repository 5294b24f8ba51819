"""The support agent: answers from the knowledge base, runs diagnostics, escalates to the partner triage agent."""
from langchain.tools.retriever import create_retriever_tool
from langchain_chroma import Chroma
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from langgraph.checkpoint.memory import MemorySaver
from langgraph.prebuilt import create_react_agent

from app.tools import escalate_to_triage, run_diagnostics

llm = ChatOpenAI(model="gpt-4o", temperature=0)
store = Chroma(persist_directory="/data/chroma", embedding_function=OpenAIEmbeddings())
search_docs = create_retriever_tool(store.as_retriever(), "search_docs", "Search the product documentation.")

support_agent = create_react_agent(
    llm,
    tools=[search_docs, run_diagnostics, escalate_to_triage],
    checkpointer=MemorySaver(),
)
