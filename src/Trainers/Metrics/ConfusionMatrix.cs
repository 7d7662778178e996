namespace MLSegmentation.Trainers.Metrics;

/// <summary>
/// A C×C matrix of voxel counts: row = ground-truth class, column = predicted class (scikit-learn's
/// convention). Not thread-safe; <see cref="MetricsAccumulator"/> guards its own.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts;

    /// <summary>An all-zero matrix for <paramref name="classes"/> classes (background included).</summary>
    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        Classes = classes;
        _counts = new long[classes * classes];
    }

    /// <summary>Number of classes C, background included.</summary>
    public int Classes { get; }

    /// <summary>Voxels of true class <paramref name="truth"/> predicted as <paramref name="predicted"/>.</summary>
    public long this[int truth, int predicted]
    {
        get
        {
            CheckClass(truth, nameof(truth));
            CheckClass(predicted, nameof(predicted));
            return _counts[truth * Classes + predicted];
        }
    }

    /// <summary>Total number of voxels counted (the sum of all entries).</summary>
    public long Total => _counts.Sum();

    /// <summary>Voxels whose predicted class equals the true class (the trace).</summary>
    public long Correct
    {
        get
        {
            long sum = 0;
            for (int c = 0; c < Classes; c++)
            {
                sum += _counts[c * Classes + c];
            }

            return sum;
        }
    }

    /// <summary>Counts every voxel pair; labels must lie in [0, C).</summary>
    /// <param name="predicted">Predicted labels, one per voxel.</param>
    /// <param name="truth">Ground-truth labels, in the same voxel order.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is outside [0, C).</exception>
    public void Add(ReadOnlySpan<int> predicted, ReadOnlySpan<int> truth)
    {
        if (predicted.Length != truth.Length)
        {
            throw new ArgumentException($"{predicted.Length} predicted labels for {truth.Length} true labels.", nameof(predicted));
        }

        uint c = (uint)Classes;
        for (int i = 0; i < truth.Length; i++)
        {
            uint t = (uint)truth[i];
            uint p = (uint)predicted[i];
            if (t >= c || p >= c)
            {
                throw LabelOutOfRange(truth[i], predicted[i], i);
            }

            _counts[t * c + p]++;
        }
    }

    /// <summary>Adds another matrix of the same size entry by entry.</summary>
    public void Add(ConfusionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Classes != Classes)
        {
            throw new ArgumentException($"A {other.Classes}-class matrix cannot be added to a {Classes}-class one.", nameof(other));
        }

        for (int i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    /// <summary>The one-vs-rest counts of class <paramref name="c"/>.</summary>
    public ClassCounts Counts(int c)
    {
        CheckClass(c, nameof(c));
        long tp = _counts[c * Classes + c];
        long row = 0;
        long column = 0;
        for (int k = 0; k < Classes; k++)
        {
            row += _counts[c * Classes + k];
            column += _counts[k * Classes + c];
        }

        long fn = row - tp;
        long fp = column - tp;
        return new ClassCounts(tp, fp, fn, Total - tp - fp - fn);
    }

    /// <summary>A copy of the counts as rows (truth) of columns (prediction).</summary>
    public long[][] ToRows()
    {
        var rows = new long[Classes][];
        for (int t = 0; t < Classes; t++)
        {
            rows[t] = _counts.AsSpan(t * Classes, Classes).ToArray();
        }

        return rows;
    }

    /// <summary>A matrix with the given rows (truth) of columns (prediction).</summary>
    public static ConfusionMatrix FromRows(IReadOnlyList<IReadOnlyList<long>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var matrix = new ConfusionMatrix(rows.Count);
        for (int t = 0; t < rows.Count; t++)
        {
            if (rows[t].Count != rows.Count)
            {
                throw new ArgumentException($"Row {t} has {rows[t].Count} entries; a square matrix of {rows.Count} rows was expected.", nameof(rows));
            }

            for (int p = 0; p < rows.Count; p++)
            {
                matrix._counts[t * rows.Count + p] = rows[t][p];
            }
        }

        return matrix;
    }

    internal void Clear() => Array.Clear(_counts);

    internal void Increment(int truth, int predicted) => _counts[truth * Classes + predicted]++;

    internal static ArgumentOutOfRangeException LabelOutOfRange(int truth, int predicted, int index) =>
        new(nameof(truth), $"Voxel {index} has truth {truth} and prediction {predicted}; labels must lie in [0, classes).");

    private void CheckClass(int c, string name)
    {
        if ((uint)c >= (uint)Classes)
        {
            throw new ArgumentOutOfRangeException(name, c, $"Class must lie in [0, {Classes}).");
        }
    }
}
