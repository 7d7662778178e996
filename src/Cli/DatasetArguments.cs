using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>Dataset layouts <c>mlseg</c> reads.</summary>
internal enum DatasetLayout
{
    /// <summary>Decathlon when the folder has dataset.json, a manifest for a .csv/.json file, folder pairs otherwise.</summary>
    Auto,
    /// <summary><c>images/</c> + <c>masks/</c> matched by file stem.</summary>
    Folder,
    /// <summary>Medical Segmentation Decathlon / nnU-Net: dataset.json, imagesTr/, labelsTr/.</summary>
    Decathlon,
    /// <summary>A CSV or JSON manifest of image and mask paths.</summary>
    Manifest,
}

/// <summary>Opens a dataset given on the command line.</summary>
internal static class DatasetArguments
{
    public static ISegmentationDataset Open(string path, DatasetLayout layout, bool skipBadSamples)
    {
        var options = new DatasetOptions
        {
            SkipBadSamples = skipBadSamples,
            SampleSkipped = s => Console.Error.WriteLine($"warning: skipped {s}"),
            Warning = message => Console.Error.WriteLine($"warning: {message}"),
        };
        return Resolve(path, layout) switch
        {
            DatasetLayout.Decathlon => DecathlonDataset.Open(path, options).Training,
            DatasetLayout.Manifest => ManifestDataset.Open(path, options),
            _ => FolderDataset.Open(path, options),
        };
    }

    private static DatasetLayout Resolve(string path, DatasetLayout layout)
    {
        if (layout != DatasetLayout.Auto) return layout;
        if (File.Exists(path))
        {
            return Path.GetExtension(path).ToUpperInvariant() is ".CSV" or ".JSON" ? DatasetLayout.Manifest
                : throw new ArgumentException($"{path}: a file must be a .csv or .json manifest; give a folder for the folder or Decathlon layouts");
        }
        if (!Directory.Exists(path)) throw new DirectoryNotFoundException($"{path}: no such dataset folder or manifest");
        return File.Exists(Path.Combine(path, "dataset.json")) ? DatasetLayout.Decathlon : DatasetLayout.Folder;
    }
}
