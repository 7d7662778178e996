namespace MLSegmentation.Transforms.Tests;

public sealed class DatasetSplitTests
{
    private static FileSegmentationDataset Listed(IEnumerable<string> ids) =>
        new([.. ids.Select(id => new SampleInfo(id, [$"/nowhere/{id}.png"], $"/nowhere/m/{id}.png"))], []);

    private static string[] Ids(ISegmentationDataset ds) => [.. Enumerable.Range(0, ds.Count).Select(i => ds.GetInfo(i).Id)];

    [Test]
    public void SeededSplitIsDeterministicDisjointCompleteAndSized()
    {
        FileSegmentationDataset ds = Listed(Enumerable.Range(0, 50).Select(i => $"case_{i:D3}"));

        (DatasetSubset train, DatasetSubset val) = DatasetSplit.BySeed(ds, 0.2, seed: 7);
        (DatasetSubset train2, DatasetSubset val2) = DatasetSplit.BySeed(ds, 0.2, seed: 7);
        (_, DatasetSubset val3) = DatasetSplit.BySeed(ds, 0.2, seed: 8);

        Assert.That(val.Count, Is.EqualTo(10));
        Assert.That(train.Count, Is.EqualTo(40));
        Assert.That(Ids(val), Is.EqualTo(Ids(val2)));
        Assert.That(Ids(train), Is.EqualTo(Ids(train2)));
        Assert.That(Ids(train).Intersect(Ids(val)), Is.Empty);
        Assert.That(Ids(train).Union(Ids(val)), Is.EquivalentTo(Ids(ds)));
        Assert.That(Ids(val3), Is.Not.EqualTo(Ids(val)));
    }

    [Test]
    public void SeededSplitDoesNotDependOnListingOrder()
    {
        string[] ids = [.. Enumerable.Range(0, 30).Select(i => $"img{i}")];
        (_, DatasetSubset a) = DatasetSplit.BySeed(Listed(ids), 0.3, seed: 1);
        (_, DatasetSubset b) = DatasetSplit.BySeed(Listed(ids.Reverse()), 0.3, seed: 1);

        Assert.That(Ids(a), Is.EquivalentTo(Ids(b)));
    }

    [Test]
    public void ExplicitListsSplitByIdAndUnknownIdsThrow()
    {
        FileSegmentationDataset ds = Listed(["a", "b", "c", "d"]);

        (DatasetSubset train, DatasetSubset val) = DatasetSplit.ByIds(ds, ["b", "d"]);
        Assert.That(Ids(train), Is.EqualTo(new[] { "a", "c" }));
        Assert.That(Ids(val), Is.EqualTo(new[] { "b", "d" }));

        (train, val) = DatasetSplit.ByIds(ds, ["c", "a"], ["d"]);
        Assert.That(Ids(train), Is.EqualTo(new[] { "c", "a" }));
        Assert.That(Ids(val), Is.EqualTo(new[] { "d" }));

        Assert.Throws<ArgumentException>(() => DatasetSplit.ByIds(ds, ["zz"]));
    }
}
