package dev.lectern.indexing;

class Bm25RetrieverTest extends RetrieverContract {
    @Override
    SearchMode mode() {
        return SearchMode.BM25;
    }
}
