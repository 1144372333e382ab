-- A project as Faultline 0.1 wrote it before schema 2 (PRAGMA user_version = 1), with one
-- source, one series and two samples (a reply and a lost packet); the upgrade tests open it.
CREATE TABLE sources (id INTEGER PRIMARY KEY, file_name TEXT NOT NULL, format TEXT NOT NULL, size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL UNIQUE, imported_at INTEGER NOT NULL, importer_version TEXT NOT NULL, n_results INTEGER NOT NULL, n_replies INTEGER NOT NULL, n_lost INTEGER NOT NULL, n_dups INTEGER NOT NULL, n_errors INTEGER NOT NULL, n_skipped INTEGER NOT NULL, n_changepoints INTEGER NOT NULL, n_series INTEGER NOT NULL);
CREATE TABLE series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, label TEXT NOT NULL, probe_id INTEGER);
CREATE TABLE measurements (source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE, series_id INTEGER NOT NULL REFERENCES series(id), ts_s REAL NOT NULL, rtt_ms REAL, sent INTEGER NOT NULL, rcvd INTEGER NOT NULL, flags INTEGER NOT NULL);
CREATE INDEX measurements_series_ts ON measurements(series_id, ts_s);
CREATE TABLE runs (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, config_json TEXT NOT NULL, manifest_json TEXT NOT NULL, summary_json TEXT);
CREATE TABLE models (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, library TEXT NOT NULL, format TEXT NOT NULL, feature_names TEXT NOT NULL, data BLOB NOT NULL);
CREATE TABLE results (run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE, threshold REAL NOT NULL, tn INTEGER NOT NULL, fp INTEGER NOT NULL, fn INTEGER NOT NULL, tp INTEGER NOT NULL, metrics_json TEXT NOT NULL);
CREATE TABLE predictions (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, series_id INTEGER NOT NULL REFERENCES series(id), ts_s REAL NOT NULL, y_true INTEGER NOT NULL, score REAL NOT NULL);
CREATE INDEX predictions_run ON predictions(run_id);
INSERT INTO sources VALUES (1, 'a.csv', 'rtt-trace-csv', 10, 'abc', 0, 'x', 2, 1, 1, 0, 0, 0, 0, 1);
INSERT INTO series VALUES (1, 'trace:1', 'Trace 1', 1);
INSERT INTO measurements VALUES (1, 1, 100.0, 12.5, 1, 1, 0), (1, 1, 340.0, NULL, 1, 0, 1);
PRAGMA application_id = 1179407409;
PRAGMA user_version = 1;
