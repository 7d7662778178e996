namespace MLSegmentation.Transforms;

/// <summary>
/// A small, fast random generator (xoshiro256**) whose stream is a pure function of
/// (seed, sample index, purpose). Each sample gets its own stream, so results do not depend on which
/// worker thread handles a sample or in what order: create one per sample, never share one across threads.
/// </summary>
/// <remarks>
/// The 256-bit state is filled by SplitMix64 from a mix of the three keys. The <paramref name="purpose"/>
/// key separates independent uses for the same sample (say augmentation and hole masks) so that adding
/// one does not shift the other's numbers.
/// </remarks>
/// <param name="seed">The run's seed.</param>
/// <param name="sampleIndex">The sample's index in its dataset (or any per-draw counter).</param>
/// <param name="purpose">A constant naming the use, e.g. 1 for augmentation, 2 for hole masks.</param>
public sealed class SampleRandom(long seed, long sampleIndex, long purpose = 0)
{
    private ulong _s0, _s1, _s2, _s3;
    private bool _stateReady;
    private readonly ulong _key = Mix((ulong)seed, (ulong)sampleIndex, (ulong)purpose);
    private double? _spareGaussian;

    /// <summary>The next 64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        if (!_stateReady)
        {
            ulong sm = _key;
            _s0 = SplitMix64(ref sm);
            _s1 = SplitMix64(ref sm);
            _s2 = SplitMix64(ref sm);
            _s3 = SplitMix64(ref sm);
            _stateReady = true;
        }

        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        ulong bound = (ulong)maxExclusive;
        ulong limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % bound);
    }

    /// <summary>A uniform integer in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int NextInt(int min, int maxInclusive) => min + NextInt(maxInclusive - min + 1);

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>A standard normal draw (Box–Muller, the second value kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_spareGaussian is double spare)
        {
            _spareGaussian = null;
            return spare;
        }

        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareGaussian = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    private static ulong Mix(ulong seed, ulong index, ulong purpose)
    {
        ulong h = seed;
        h = SplitMix64(ref h) ^ index;
        h = SplitMix64(ref h) ^ purpose;
        return SplitMix64(ref h);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
