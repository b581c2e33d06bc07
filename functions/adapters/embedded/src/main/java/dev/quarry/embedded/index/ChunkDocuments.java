package dev.quarry.embedded.index;

import dev.quarry.core.model.Chunk;
import dev.quarry.core.model.ContentType;
import dev.quarry.core.model.DocumentRef;
import dev.quarry.core.model.EmbeddedChunk;
import dev.quarry.core.search.KeywordAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;

import java.time.Instant;
import java.util.List;

/** The Lucene document layout of a chunk: field names and the mapping both ways. */
final class ChunkDocuments {

    /** Tenant and chunk id joined: the term an upsert replaces (ids are unique per tenant, as in Weaviate). */
    static final String UID = "uid";

    static final String ID = "id";
    static final String TENANT = "tenant";
    static final String KEY = "key";
    static final String VERSION = "version";
    static final String CONTENT_TYPE = "content_type";
    static final String FIRST_PAGE = "first_page";
    static final String LAST_PAGE = "last_page";
    static final String POSITION = "position";
    /** Stored only, one value per heading, outermost first. */
    static final String HEADING_PATH = "heading_path";
    /**
     * Searched only: the chunk's analysed keyword terms ({@link KeywordAnalyzer#analyse(Chunk)}: heading path and
     * text), space-separated and indexed with a whitespace analyzer, exactly as Weaviate indexes its {@code
     * keywords} property.
     */
    static final String KEYWORDS = "keywords";
    /** Stored only: the chunk text as extracted, for display. */
    static final String TEXT = "text";
    /** Epoch milliseconds of the upsert: a point field for range filters and a stored value. */
    static final String INDEXED_AT = "indexed_at";

    static final String VECTOR = "vector";
    static final VectorSimilarityFunction SIMILARITY = VectorSimilarityFunction.COSINE;

    private static final char UID_SEPARATOR = '\u0000';

    private ChunkDocuments() {}

    static Term uid(String tenant, String id) {
        return new Term(UID, tenant + UID_SEPARATOR + id);
    }

    static Document toDocument(EmbeddedChunk embedded, KeywordAnalyzer analyzer, Instant indexedAt) {
        Chunk chunk = embedded.chunk();
        DocumentRef ref = chunk.document();
        Document document = new Document();
        document.add(new StringField(UID, uid(ref.tenant(), chunk.id()).text(), Field.Store.NO));
        document.add(new StringField(ID, chunk.id(), Field.Store.YES));
        document.add(new StringField(TENANT, ref.tenant(), Field.Store.YES));
        document.add(new StringField(KEY, ref.key(), Field.Store.YES));
        document.add(new StringField(VERSION, ref.version(), Field.Store.YES));
        document.add(new StringField(CONTENT_TYPE, chunk.contentType().name(), Field.Store.YES));
        document.add(new StoredField(FIRST_PAGE, chunk.firstPage()));
        document.add(new StoredField(LAST_PAGE, chunk.lastPage()));
        document.add(new StoredField(POSITION, chunk.position()));
        for (String heading : chunk.headingPath()) {
            document.add(new StoredField(HEADING_PATH, heading));
        }
        document.add(new TextField(KEYWORDS, analyzer.analyse(chunk), Field.Store.NO));
        document.add(new StoredField(TEXT, chunk.text()));
        long millis = indexedAt.toEpochMilli();
        document.add(new LongPoint(INDEXED_AT, millis));
        document.add(new StoredField(INDEXED_AT, millis));
        document.add(new KnnFloatVectorField(VECTOR, embedded.vector(), SIMILARITY));
        return document;
    }

    static Chunk toChunk(Document document) {
        DocumentRef ref = new DocumentRef(document.get(TENANT), document.get(KEY), document.get(VERSION));
        return new Chunk(
                document.get(ID),
                ref,
                ContentType.valueOf(document.get(CONTENT_TYPE)),
                intValue(document, FIRST_PAGE),
                intValue(document, LAST_PAGE),
                intValue(document, POSITION),
                List.of(document.getValues(HEADING_PATH)),
                document.get(TEXT));
    }

    private static int intValue(Document document, String field) {
        return document.getField(field).numericValue().intValue();
    }
}
