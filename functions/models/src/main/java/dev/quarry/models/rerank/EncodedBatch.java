package dev.quarry.models.rerank;

/**
 * Query/passage pairs as the model reads them: row-major {@code [size, length]} arrays, each row padded to
 * the longest pair of the batch (attention mask 0 on padding).
 *
 * @param size the number of pairs (rows)
 * @param length the number of tokens per row
 * @param inputIds the token ids
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param tokenTypeIds 0 for the query segment, 1 for the passage segment (0 on padding)
 */
record EncodedBatch(int size, int length, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {

    EncodedBatch {
        int cells = size * length;
        if (inputIds.length != cells || attentionMask.length != cells || tokenTypeIds.length != cells) {
            throw new IllegalArgumentException("arrays must hold size * length = " + cells + " values");
        }
    }

    /** The tensor shape: {@code [size, length]}. */
    long[] shape() {
        return new long[] {size, length};
    }

    /** The ids of row {@code row} without its padding. */
    long[] idsOf(int row) {
        int real = 0;
        for (int t = 0; t < length; t++) {
            real += (int) attentionMask[row * length + t];
        }
        long[] ids = new long[real];
        System.arraycopy(inputIds, row * length, ids, 0, real);
        return ids;
    }
}
