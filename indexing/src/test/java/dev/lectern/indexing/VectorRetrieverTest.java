package dev.lectern.indexing;

class VectorRetrieverTest extends RetrieverContract {
    @Override
    SearchMode mode() {
        return SearchMode.VECTOR;
    }
}
