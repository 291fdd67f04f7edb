package dev.lectern.indexing;

class HybridRetrieverTest extends RetrieverContract {
    @Override
    SearchMode mode() {
        return SearchMode.HYBRID;
    }
}
