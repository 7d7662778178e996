namespace MLSegmentation.Transforms;

/// <summary>
/// Train/validation splits. A seeded split ranks samples by a hash of (seed, sample id), so it does not
/// depend on file listing order, and adding samples moves few others; explicit splits take id lists.
/// </summary>
public static class DatasetSplit
{
    /// <summary>The <see cref="SampleRandom"/> purpose key of splits.</summary>
    public const long RandomPurpose = 0x53504C54; // "SPLT"

    /// <summary>
    /// Puts round(<paramref name="validationFraction"/> × count) samples in validation (at least one, and at
    /// least one left for training, when the fraction is positive and there are two or more samples).
    /// </summary>
    /// <returns>The training and validation views, each in the source's index order.</returns>
    public static (DatasetSubset Train, DatasetSubset Validation) BySeed(ISegmentationDataset dataset, double validationFraction, long seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction lies in [0, 1).");
        }

        int n = dataset.Count;
        int k = (int)Math.Round(validationFraction * n, MidpointRounding.AwayFromZero);
        if (validationFraction > 0 && n >= 2)
        {
            k = Math.Clamp(k, 1, n - 1);
        }

        int[] ranked = [.. Enumerable.Range(0, n).OrderBy(i => Hash(seed, dataset.GetInfo(i).Id)).ThenBy(i => i)];
        var validation = ranked.Take(k).Order().ToArray();
        var train = ranked.Skip(k).Order().ToArray();
        return (new DatasetSubset(dataset, train), new DatasetSubset(dataset, validation));
    }

    /// <summary>An explicit split: the samples whose ids are in <paramref name="validationIds"/> validate, the others train.</summary>
    /// <exception cref="ArgumentException">An id is not in the dataset.</exception>
    public static (DatasetSubset Train, DatasetSubset Validation) ByIds(ISegmentationDataset dataset, IEnumerable<string> validationIds)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(validationIds);
        var wanted = new HashSet<string>(validationIds, StringComparer.Ordinal);
        var train = new List<int>();
        var validation = new List<int>();
        for (int i = 0; i < dataset.Count; i++)
        {
            string id = dataset.GetInfo(i).Id;
            (wanted.Remove(id) ? validation : train).Add(i);
        }

        if (wanted.Count > 0)
        {
            throw new ArgumentException($"Validation ids not in the dataset: {string.Join(", ", wanted.Order(StringComparer.Ordinal))}.", nameof(validationIds));
        }

        return (new DatasetSubset(dataset, train), new DatasetSubset(dataset, validation));
    }

    /// <summary>An explicit split by two id lists; samples in neither list are left out.</summary>
    public static (DatasetSubset Train, DatasetSubset Validation) ByIds(ISegmentationDataset dataset, IEnumerable<string> trainIds, IEnumerable<string> validationIds)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < dataset.Count; i++)
        {
            index[dataset.GetInfo(i).Id] = i;
        }

        int[] Lookup(IEnumerable<string> ids, string name) =>
            [.. ids.Select(id => index.TryGetValue(id, out int i) ? i : throw new ArgumentException($"Id '{id}' is not in the dataset.", name))];

        int[] train = Lookup(trainIds ?? throw new ArgumentNullException(nameof(trainIds)), nameof(trainIds));
        int[] validation = Lookup(validationIds ?? throw new ArgumentNullException(nameof(validationIds)), nameof(validationIds));
        if (train.Intersect(validation).Any())
        {
            throw new ArgumentException("A sample is in both the training and the validation list.", nameof(validationIds));
        }

        return (new DatasetSubset(dataset, train), new DatasetSubset(dataset, validation));
    }

    private static ulong Hash(long seed, string id)
    {
        ulong h = 14695981039346656037UL; // FNV-1a over the id, then mixed with the seed
        foreach (char c in id)
        {
            h = (h ^ c) * 1099511628211UL;
        }

        return new SampleRandom(seed, (long)h, RandomPurpose).NextUInt64();
    }
}
