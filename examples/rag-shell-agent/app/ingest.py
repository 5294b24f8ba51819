"""Loads the public docs site and the community forum into the knowledge base every night."""
from langchain_chroma import Chroma
from langchain_community.document_loaders import WebBaseLoader
from langchain_openai import OpenAIEmbeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

DOC_URLS = ["https://docs.example.com/faq", "https://community.example.com/latest"]


def ingest() -> None:
    docs = WebBaseLoader(DOC_URLS).load()
    chunks = RecursiveCharacterTextSplitter(chunk_size=800).split_documents(docs)
    Chroma.from_documents(chunks, OpenAIEmbeddings(), persist_directory="/data/chroma")
