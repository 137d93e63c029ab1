-- 0007: spelling-tolerant search, and telling names from other words. "Suleimani", "Soleimany" and "Sulaimani" should find
-- the events that spell it "Soleimani", so the store keeps every word of a published
-- event's own fields (title, summary, place, tags; never its sources) with how many
-- published events use it, and an index of each word's letter triples to find the close
-- spellings of a word without reading the whole vocabulary.

CREATE TABLE search_words (
    word   TEXT    PRIMARY KEY,      -- folded as events_fts folds it, but not stemmed
    events INTEGER NOT NULL          -- published events using it; 0 once none does
) WITHOUT ROWID;

-- Each word's letter triples, and those of its consonants ("slmn" for "soleimani"), which
-- transliteration and transposed vowels leave alone ("beruit" and "beirut" share no
-- triple, but both are "brt"). A word is added once, when first counted; words are only
-- ever counted down, never deleted, so nothing is ever taken out.
CREATE VIRTUAL TABLE search_words_trigrams USING fts5 (
    word,
    consonants,
    tokenize = 'trigram',
    detail = 'column'
);

CREATE TRIGGER search_words_trigrams_insert AFTER INSERT ON search_words BEGIN
    INSERT INTO search_words_trigrams (word, consonants) VALUES (
        new.word,
        replace(replace(replace(replace(replace(replace(
            new.word, 'a', ''), 'e', ''), 'i', ''), 'o', ''), 'u', ''), 'y', '')
    );
END;

-- SQL has no tokenizer of its own, so the triggers split an event's text into words with
-- this scratch index (the same tokenizer as events_fts, without the stemmer) and read the
-- words back through its vocabulary. It is emptied in the same statement that fills it,
-- so it holds nothing between statements and nothing is ever read from it otherwise.
CREATE VIRTUAL TABLE word_splitter USING fts5 (
    text,
    content = '',
    detail = 'none',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE word_splitter_terms USING fts5vocab (word_splitter, 'row');

-- Backfill: every published event at once; the vocabulary's doc column is the count.
INSERT INTO word_splitter (rowid, text)
SELECT id, title || ' ' || summary || ' ' || place || ' ' || tags_text
FROM events WHERE status = 'published';

INSERT INTO search_words (word, events) SELECT term, doc FROM word_splitter_terms;

INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');

-- A bulk import (storage.vocabulary) sets meta 'bulk_words' inside its transaction and
-- counts all its events' words at once before it commits, as the backfill above does;
-- row by row, counting costs a few dozen index writes an event.
CREATE TRIGGER search_words_insert AFTER INSERT ON events
WHEN new.status = 'published'
AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'bulk_words') BEGIN
    INSERT INTO word_splitter (rowid, text)
    VALUES (new.id, new.title || ' ' || new.summary || ' ' || new.place || ' ' || new.tags_text);
    INSERT INTO search_words (word, events) SELECT term, 1 FROM word_splitter_terms WHERE true
    ON CONFLICT (word) DO UPDATE SET events = events + 1;
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
END;

CREATE TRIGGER search_words_delete AFTER DELETE ON events
WHEN old.status = 'published' BEGIN
    INSERT INTO word_splitter (rowid, text)
    VALUES (old.id, old.title || ' ' || old.summary || ' ' || old.place || ' ' || old.tags_text);
    UPDATE search_words SET events = events - 1
    WHERE word IN (SELECT term FROM word_splitter_terms);
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
END;

-- An edit, or a change of status, takes the old words out and puts the new ones in.
CREATE TRIGGER search_words_update
AFTER UPDATE OF title, summary, place, tags_text, status ON events
WHEN old.status = 'published' OR new.status = 'published' BEGIN
    INSERT INTO word_splitter (rowid, text)
    SELECT old.id, old.title || ' ' || old.summary || ' ' || old.place || ' ' || old.tags_text
    WHERE old.status = 'published';
    UPDATE search_words SET events = events - 1
    WHERE word IN (SELECT term FROM word_splitter_terms);
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
    INSERT INTO word_splitter (rowid, text)
    SELECT new.id, new.title || ' ' || new.summary || ' ' || new.place || ' ' || new.tags_text
    WHERE new.status = 'published';
    INSERT INTO search_words (word, events) SELECT term, 1 FROM word_splitter_terms WHERE true
    ON CONFLICT (word) DO UPDATE SET events = events + 1;
    INSERT INTO word_splitter (word_splitter) VALUES ('delete-all');
END;

-- The names the newsroom gave events, their places and tags, indexed apart, so that "is
-- this word a name?" is one lookup rather than a filter over a common word's every use.
-- Stemmed like events_fts, so it finds what a search finds.
CREATE VIRTUAL TABLE event_names USING fts5 (
    place, tags_text,
    content = 'events',
    content_rowid = 'id',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO event_names (event_names) VALUES ('rebuild');

CREATE TRIGGER event_names_insert AFTER INSERT ON events BEGIN
    INSERT INTO event_names (rowid, place, tags_text) VALUES (new.id, new.place, new.tags_text);
END;

CREATE TRIGGER event_names_delete AFTER DELETE ON events BEGIN
    INSERT INTO event_names (event_names, rowid, place, tags_text)
    VALUES ('delete', old.id, old.place, old.tags_text);
END;

CREATE TRIGGER event_names_update AFTER UPDATE OF place, tags_text ON events BEGIN
    INSERT INTO event_names (event_names, rowid, place, tags_text)
    VALUES ('delete', old.id, old.place, old.tags_text);
    INSERT INTO event_names (rowid, place, tags_text) VALUES (new.id, new.place, new.tags_text);
END;
