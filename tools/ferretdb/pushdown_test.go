package main

// Tests of the patches in patches/, through the wire protocol against the embedded FerretDB
// built from the patched copy. Run (after any `npm test` or `npm run dev` built the copy):
//
//	cd tools/ferretdb && go test -modfile=bin/go.patched.mod -count=1 .

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/bson/primitive"
	"go.mongodb.org/mongo-driver/mongo"
	"go.mongodb.org/mongo-driver/mongo/options"
)

// startFerretDB runs the embedded FerretDB on a free port with its data in a temporary folder.
func startFerretDB(t *testing.T) *mongo.Database {
	t.Helper()

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: "127.0.0.1:0"},
		Handler:   "sqlite",
		SQLiteURL: "file:" + t.TempDir() + "/",
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})

	go func() {
		defer close(done)
		_ = db.Run(ctx)
	}()

	client, err := mongo.Connect(ctx, options.Client().ApplyURI(db.MongoDBURI()))
	if err != nil {
		t.Fatal(err)
	}

	t.Cleanup(func() {
		_ = client.Disconnect(context.Background())
		cancel()
		<-done
	})

	return client.Database("pushdown")
}

// valuePool holds values of every kind a field may hold, including the ones that must not be
// pushed down (null, sub-documents, dates, big numbers) and look-alikes (an ObjectID and its hex
// string, 1 as int32, int64 and double, 0 and -0).
func valuePool() []any {
	oid := primitive.NewObjectID()

	return []any{
		"a", "b", "a<b>&c", "q\"uote", "back\\slash", "line\u2028sep", "ünï", "😀", "tab\t", "",
		oid, oid.Hex(), primitive.NewObjectID(),
		int32(0), int64(0), 0.0, math.Copysign(0, -1), int32(1), int64(1), 1.0, 1.5, -7.25, 1e-7,
		int64(1<<53 - 1), float64(1<<53 - 1), int64(1<<53 + 1), int64(-(1<<53 - 1)), int32(-3),
		true, false, nil,
		primitive.NewDateTimeFromTime(time.UnixMilli(1)),
		bson.D{{Key: "x", Value: 1}},
	}
}

// randomValue returns a stored value: usually a scalar, sometimes an array of them.
func randomValue(r *rand.Rand, pool []any) any {
	switch r.Intn(10) {
	case 0:
		return bson.A{pool[r.Intn(len(pool))], pool[r.Intn(len(pool))]}
	case 1:
		return bson.A{}
	default:
		return pool[r.Intn(len(pool))]
	}
}

// randomFilter returns a filter of one of the shapes the patch pushes down, or one it must not.
func randomFilter(r *rand.Rand, pool []any, ids []any) bson.D {
	v := func() any { return pool[r.Intn(len(pool))] }
	in := func() bson.A {
		a := bson.A{}
		for range 1 + r.Intn(4) {
			a = append(a, v())
		}
		return a
	}

	switch r.Intn(9) {
	case 0:
		return bson.D{{Key: "f", Value: v()}}
	case 1:
		return bson.D{{Key: "f", Value: bson.D{{Key: "$eq", Value: v()}}}}
	case 2:
		return bson.D{{Key: "f", Value: bson.D{{Key: "$in", Value: in()}}}}
	case 3:
		return bson.D{{Key: "a", Value: v()}, {Key: "b", Value: v()}}
	case 4:
		return bson.D{{Key: "b", Value: v()}, {Key: "a", Value: bson.D{{Key: "$in", Value: in()}}}}
	case 5:
		return bson.D{{Key: "b", Value: v()}} // follows a in its index: not pushed down
	case 6:
		return bson.D{{Key: "_id", Value: bson.D{{Key: "$in", Value: bson.A{ids[r.Intn(len(ids))], ids[r.Intn(len(ids))], v()}}}}}
	case 7:
		return bson.D{{Key: "f", Value: v()}, {Key: "a", Value: bson.D{{Key: "$ne", Value: v()}}}}
	default:
		return bson.D{{Key: "f", Value: bson.D{{Key: "$in", Value: in()}, {Key: "$ne", Value: v()}}}}
	}
}

// sortedIDs returns the "i" field of the documents find returns, sorted.
func sortedIDs(t *testing.T, coll *mongo.Collection, filter bson.D) []int32 {
	t.Helper()

	cur, err := coll.Find(context.Background(), filter)
	if err != nil {
		t.Fatal(err)
	}

	var docs []struct {
		I int32 `bson:"i"`
	}
	if err = cur.All(context.Background(), &docs); err != nil {
		t.Fatal(err)
	}

	res := make([]int32, len(docs))
	for i, d := range docs {
		res[i] = d.I
	}

	slices.Sort(res)

	return res
}

// queryPlan returns the SQLite query plan that explain reports for a find.
func queryPlan(t *testing.T, coll *mongo.Collection, filter bson.D) string {
	t.Helper()

	var res bson.M
	cmd := bson.D{{Key: "explain", Value: bson.D{{Key: "find", Value: coll.Name()}, {Key: "filter", Value: filter}}}}

	if err := coll.Database().RunCommand(context.Background(), cmd).Decode(&res); err != nil {
		t.Fatal(err)
	}

	return fmt.Sprint(res["queryPlanner"])
}

// The handler filters every backend result again, so the pushed-down WHERE clause may return
// more documents than the filter matches but never fewer: each query must give what the same
// filter gives when wrapped in $and, which is never pushed down.
func TestIndexPushdownMatchesFullScan(t *testing.T) {
	ctx := context.Background()
	coll := startFerretDB(t).Collection("docs")

	_, err := coll.Indexes().CreateMany(ctx, []mongo.IndexModel{
		{Keys: bson.D{{Key: "f", Value: 1}}},
		{Keys: bson.D{{Key: "a", Value: 1}, {Key: "b", Value: -1}}},
	})
	if err != nil {
		t.Fatal(err)
	}

	r := rand.New(rand.NewSource(19))
	pool := valuePool()

	var docs []any
	var ids []any

	for i := range 500 {
		id := any(primitive.NewObjectID())
		if i%3 == 0 {
			id = fmt.Sprintf("id-%d", i)
		}

		ids = append(ids, id)
		doc := bson.D{{Key: "_id", Value: id}, {Key: "i", Value: int32(i)}}

		for _, field := range []string{"f", "a", "b"} {
			if r.Intn(8) != 0 { // sometimes missing
				doc = append(doc, bson.E{Key: field, Value: randomValue(r, pool)})
			}
		}

		docs = append(docs, doc)
	}

	if _, err = coll.InsertMany(ctx, docs); err != nil {
		t.Fatal(err)
	}

	var pushed, nonEmpty, matches int

	for q := range 300 {
		filter := randomFilter(r, pool, ids)
		fullScan := bson.D{{Key: "$and", Value: bson.A{filter}}}

		want := sortedIDs(t, coll, fullScan)
		got := sortedIDs(t, coll, filter)

		if !slices.Equal(got, want) {
			t.Fatalf("query %d %v: find returned %v, a full scan %v", q, filter, got, want)
		}

		n, err := coll.CountDocuments(ctx, filter) // aggregate with a leading $match
		if err != nil {
			t.Fatal(err)
		}

		if int(n) != len(want) {
			t.Fatalf("query %d %v: count %d, a full scan %d", q, filter, n, len(want))
		}

		upd, err := coll.UpdateMany(ctx, filter, bson.D{{Key: "$inc", Value: bson.D{{Key: "hits", Value: 1}}}})
		if err != nil {
			t.Fatal(err)
		}

		if int(upd.MatchedCount) != len(want) {
			t.Fatalf("query %d %v: updateMany matched %d, a full scan %d", q, filter, upd.MatchedCount, len(want))
		}

		if strings.Contains(queryPlan(t, coll, filter), "USING INDEX") {
			pushed++
		}

		if len(want) > 0 {
			nonEmpty++
		}

		matches += len(want)
	}

	t.Logf("%d of 300 queries used an index, %d matched documents", pushed, nonEmpty)

	if pushed < 180 || nonEmpty < 150 {
		t.Fatalf("the random queries did not exercise the pushdown: %d used an index, %d matched", pushed, nonEmpty)
	}

	// each updateMany counted a hit on the documents it matched: as many as the full scans found
	var total struct {
		N int64 `bson:"n"`
	}

	cur, err := coll.Aggregate(ctx, bson.A{bson.D{{Key: "$group", Value: bson.D{{Key: "_id", Value: nil}, {Key: "n", Value: bson.D{{Key: "$sum", Value: "$hits"}}}}}}})
	if err != nil {
		t.Fatal(err)
	}

	if !cur.Next(ctx) || cur.Decode(&total) != nil || total.N != int64(matches) {
		t.Fatalf("%d hits counted, the full scans matched %d (%v)", total.N, matches, cur.Err())
	}

	// findOneAndUpdate and deleteMany on a pushed-down filter: the same documents as a full scan
	for _, v := range []any{"a", int64(1), 0.0} {
		filter := bson.D{{Key: "f", Value: v}}
		want := sortedIDs(t, coll, bson.D{{Key: "$and", Value: bson.A{filter}}})

		var found struct {
			I int32 `bson:"i"`
		}

		err = coll.FindOneAndUpdate(ctx, filter, bson.D{{Key: "$set", Value: bson.D{{Key: "seen", Value: true}}}}).Decode(&found)
		if err != nil || !slices.Contains(want, found.I) {
			t.Fatalf("findOneAndUpdate %v: %v, document %d not among %v", filter, err, found.I, want)
		}

		del, err := coll.DeleteMany(ctx, filter)
		if err != nil || int(del.DeletedCount) != len(want) {
			t.Fatalf("deleteMany %v: %v, deleted %d, a full scan finds %d", filter, err, del.DeletedCount, len(want))
		}
	}
}

// Explain reports SQLite's plan: an index search for pushed-down filters, a scan otherwise.
func TestExplainShowsIndexSearch(t *testing.T) {
	ctx := context.Background()
	coll := startFerretDB(t).Collection("plans")

	_, err := coll.Indexes().CreateMany(ctx, []mongo.IndexModel{
		{Keys: bson.D{{Key: "email", Value: 1}}, Options: options.Index().SetUnique(true)},
		{Keys: bson.D{{Key: "courseId", Value: 1}, {Key: "userId", Value: 1}}},
		{Keys: bson.D{{Key: "userId", Value: 1}, {Key: "moduleId", Value: 1}}},
	})
	if err != nil {
		t.Fatal(err)
	}

	if _, err = coll.InsertOne(ctx, bson.D{{Key: "email", Value: "a@example.org"}}); err != nil {
		t.Fatal(err)
	}

	// The branch "courseId holds an array, userId equals" seeks the range of arrays in the
	// (courseId, userId) index; it does not read every row of the user through (userId, moduleId)
	// (a range of arrays there, for "both hold arrays", is as empty as the other).
	compound := bson.D{{Key: "courseId", Value: "c1"}, {Key: "userId", Value: "u1"}}
	if plan := queryPlan(t, coll, compound); strings.Contains(plan, "userId_1_moduleId_1 (<expr>=?") {
		t.Errorf("explain %v: an array branch seeks another index: %s", compound, plan)
	}

	for _, tc := range []struct {
		filter bson.D
		plan   string
	}{
		{bson.D{{Key: "email", Value: "a@example.org"}}, "USING INDEX plans_"},
		{bson.D{{Key: "courseId", Value: "c1"}, {Key: "userId", Value: "u1"}}, "(<expr>=? AND <expr>=?)"},
		{bson.D{{Key: "courseId", Value: bson.D{{Key: "$in", Value: bson.A{"c1", "c2"}}}}}, "USING INDEX"},
		{bson.D{{Key: "_id", Value: primitive.NewObjectID()}}, "USING INDEX"},
		{bson.D{{Key: "moduleId", Value: "m1"}}, "SCAN"},
		{bson.D{{Key: "email", Value: nil}}, "SCAN"},
		{bson.D{{Key: "email", Value: bson.D{{Key: "$regex", Value: "^a"}}}}, "SCAN"},
		{bson.D{{Key: "$and", Value: bson.A{bson.D{{Key: "email", Value: "a@example.org"}}}}}, "SCAN"},
	} {
		if plan := queryPlan(t, coll, tc.filter); !strings.Contains(plan, tc.plan) {
			t.Errorf("explain %v: want %q in %s", tc.filter, tc.plan, plan)
		}
	}
}

// v1.24.2 kept each statement's query open until the whole update command ended: the 100th
// statement waited forever for one of the database's 100 connections.
func TestUpdateOfManyStatementsAnswers(t *testing.T) {
	coll := startFerretDB(t).Collection("bulk")

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	var docs []any
	var models []mongo.WriteModel

	for i := range 250 {
		docs = append(docs, bson.D{{Key: "_id", Value: int32(i)}})
		models = append(models, mongo.NewUpdateOneModel().
			SetFilter(bson.D{{Key: "_id", Value: int32(i % 200)}}).
			SetUpdate(bson.D{{Key: "$inc", Value: bson.D{{Key: "n", Value: 1}}}}))
	}

	if _, err := coll.InsertMany(ctx, docs[:200]); err != nil {
		t.Fatal(err)
	}

	res, err := coll.BulkWrite(ctx, models)
	if err != nil {
		t.Fatal(err)
	}

	if res.ModifiedCount != 250 {
		t.Fatalf("modified %d, want 250", res.ModifiedCount)
	}

	// and the database still answers afterwards
	if n, err := coll.CountDocuments(ctx, bson.D{}); err != nil || n != 200 {
		t.Fatalf("count after the bulk write: %d, %v", n, err)
	}
}
