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
        int n = row.Length;
        int bpp = Math.Min(bytesPerPixel, n);
        prior = prior[..n];
        switch (type)
        {
            case 0:
                return true;
            case 1:
                for (int i = bpp; i < n; i++)
                {
                    row[i] += row[i - bpp];
                }

                return true;
            case 2:
                for (int i = 0; i < n; i++)
                {
                    row[i] += prior[i];
                }

                return true;
            case 3:
                for (int i = 0; i < bpp; i++)
                {
                    row[i] += (byte)(prior[i] >> 1);
                }

                for (int i = bpp; i < n; i++)
                {
                    row[i] += (byte)((row[i - bpp] + prior[i]) >> 1);
                }

                return true;
            case 4:
                for (int i = 0; i < bpp; i++)
                {
                    row[i] += prior[i];
                }

                for (int i = bpp; i < n; i++)
                {
                    row[i] += Paeth(row[i - bpp], prior[i], prior[i - bpp]);
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>Writes <paramref name="row"/> filtered with <paramref name="type"/> into <paramref name="output"/>.</summary>
    public static void Filter(int type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bytesPerPixel, Span<byte> output)
    {
        int n = row.Length;
        int bpp = Math.Min(bytesPerPixel, n);
        prior = prior[..n];
        output = output[..n];
        switch (type)
        {
            case 0:
                row.CopyTo(output);
                break;
            case 1:
                row[..bpp].CopyTo(output);
                for (int i = bpp; i < n; i++)
                {
                    output[i] = (byte)(row[i] - row[i - bpp]);
                }

                break;
            case 2:
                for (int i = 0; i < n; i++)
                {
                    output[i] = (byte)(row[i] - prior[i]);
                }

                break;
            case 3:
                for (int i = 0; i < bpp; i++)
                {
                    output[i] = (byte)(row[i] - (prior[i] >> 1));
                }

                for (int i = bpp; i < n; i++)
                {
                    output[i] = (byte)(row[i] - ((row[i - bpp] + prior[i]) >> 1));
                }

                break;
            default:
                for (int i = 0; i < bpp; i++)
                {
                    output[i] = (byte)(row[i] - prior[i]);
                }

                for (int i = bpp; i < n; i++)
                {
                    output[i] = (byte)(row[i] - Paeth(row[i - bpp], prior[i], prior[i - bpp]));
                }

                break;
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

    /// <summary>The Paeth predictor of left <paramref name="a"/>, up <paramref name="b"/> and up-left <paramref name="c"/>.</summary>
    private static byte Paeth(int a, int b, int c)
    {
        int pa = Math.Abs(b - c);
        int pb = Math.Abs(a - c);
        int pc = Math.Abs(a + b - 2 * c);
        if (pa <= pb && pa <= pc)
        {
            return (byte)a;
        }

        return pb <= pc ? (byte)b : (byte)c;
    }
}
