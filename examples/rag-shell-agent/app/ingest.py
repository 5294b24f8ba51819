"""Loads the public docs site into the knowledge base every night."""
from langchain_community.document_loaders import WebBaseLoader
from langchain_text_splitters import RecursiveCharacterTextSplitter
from langchain_openai import OpenAIEmbeddings
from langchain_chroma import Chroma

DOC_URLS = ["https://docs.example.com/faq", "https://community.example.com/latest"]


def ingest() -> Chroma:
    docs = WebBaseLoader(DOC_URLS).load()
    chunks = RecursiveCharacterTextSplitter(chunk_size=800).split_documents(docs)
    return Chroma.from_documents(chunks, OpenAIEmbeddings(), persist_directory="/data/chroma")
