namespace MLSegmentation.Transforms;

/// <summary>PNG's five row filters (None, Sub, Up, Average, Paeth) and their inverses.</summary>
internal static class PngFilters
{
    /// <summary>Number of filter types.</summary>
    public const int Count = 5;

    /// <summary>Undoes filter <paramref name="type"/> on <paramref name="row"/> in place; <paramref name="prior"/> is the unfiltered previous row (zeros for the first).</summary>
    /// <returns>False for an unknown filter type.</returns>
    public static bool Unfilter(int type, Span<byte> row, ReadOnlySpan<byte> prior, int bytesPerPixel)
    {
        int bpp = bytesPerPixel;
        switch (type)
        {
            case 0:
                return true;
            case 1:
                for (int i = bpp; i < row.Length; i++)
                {
                    row[i] += row[i - bpp];
                }

                return true;
            case 2:
                for (int i = 0; i < row.Length; i++)
                {
                    row[i] += prior[i];
                }

                return true;
            case 3:
                for (int i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + prior[i]) >> 1);
                }

                return true;
            case 4:
                for (int i = 0; i < row.Length; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    int upLeft = i >= bpp ? prior[i - bpp] : 0;
                    row[i] += Paeth(left, prior[i], upLeft);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bytesPerPixel, Span<byte> output)
    {
        int bpp = bytesPerPixel;
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int upLeft = i >= bpp ? prior[i - bpp] : 0;
            int predictor = type switch
            {
                0 => 0,
                1 => left,
                2 => prior[i],
                3 => (left + prior[i]) >> 1,
                _ => Paeth(left, prior[i], upLeft),
            };
            output[i] = (byte)(row[i] - predictor);
        }
    }

    /// <summary>The filter whose output has the smallest sum of absolute values (bytes read as signed), the heuristic the PNG specification recommends.</summary>
    public static int ChooseFilter(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bytesPerPixel, Span<byte> scratch)
    {
        int best = 0;
        long bestScore = long.MaxValue;
        for (int type = 0; type < Count; type++)
        {
            Filter(type, row, prior, bytesPerPixel, scratch);
            long score = 0;
            foreach (byte b in scratch)
            {
                score += Math.Abs((int)(sbyte)b);
            }

            if (score < bestScore)
            {
                bestScore = score;
                best = type;
            }
        }

        return best;
    }

    private static byte Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return (byte)a;
        }

        return pb <= pc ? (byte)b : (byte)c;
    }
}
