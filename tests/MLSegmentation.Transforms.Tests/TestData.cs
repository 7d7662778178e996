using System.Security.Cryptography;

namespace MLSegmentation.Transforms.Tests;

/// <summary>Paths of fixtures and of files shipped by Debian packages, and the hashes Pillow recorded.</summary>
public static class TestData
{
    public const string SkimageData = "/usr/lib/python3/dist-packages/skimage/data/";
    public const string MricronTemplates = "/usr/share/mricron/templates/";

    public static string Folder => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData");

    public static string Fixture(string relative) => Path.Combine(Folder, relative);

    /// <summary>One line of expected.txt: a file and the SHA-256 of Pillow's decode (H×W×C, little-endian samples).</summary>
    public sealed record Expected(string File, string Sha256, int Width, int Height, int Channels, int BytesPerSample);

    public static IEnumerable<Expected> ExpectedDecodes(string extension)
    {
        foreach (string line in System.IO.File.ReadAllLines(Fixture("expected.txt")))
        {
            string[] p = line.Split(' ');
            if (!p[0].EndsWith(extension, StringComparison.Ordinal))
            {
                continue;
            }

            string file = p[0].StartsWith('/') ? p[0] : Fixture(p[0]);
            yield return new Expected(file, p[1], int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[5], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Requires a file a Debian package installs; the set-up script installs them.</summary>
    public static string Installed(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            Assert.Fail($"{path} is missing: run scripts/setup.sh (it installs python3-skimage, python3-pil, mricron-data).");
        }

        return path;
    }

    /// <summary>An 8-bit image as Pillow's arrays store it: H×W×C bytes, channels interleaved.</summary>
    public static byte[] Interleaved8(Image image)
    {
        var interleaved = new byte[image.Data.Length];
        for (int i = 0; i < image.VoxelCount; i++)
        {
            for (int c = 0; c < image.Channels; c++)
            {
                interleaved[i * image.Channels + c] = (byte)image.Data[c * image.VoxelCount + i];
            }
        }

        return interleaved;
    }

    public static string TempFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "mlseg-transforms-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
