using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OrtElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;

using MLSegmentation.Transforms;

namespace MLSegmentation.Onnx;

/// <summary>
/// What <see cref="OnnxSegmenter"/> learnt about a model: its input and output names, channels, classes and the
/// <c>mlseg.*</c> metadata (overridden by explicit options). Immutable.
/// </summary>
public sealed class SegmentationModelInfo
{
    private SegmentationModelInfo(string modelPath, string inputName, int spatialDims, int channels, string probabilitiesOutput, string? labelsOutput,
        int labelsRank, int classCount, IReadOnlyList<string> classNames, InputNormalization normalization,
        IReadOnlyList<int>? trainingSize, ResizePolicy resize, string? method, string? version)
    {
        Resize = resize;
        ModelPath = modelPath;
        InputName = inputName;
        SpatialDims = spatialDims;
        Channels = channels;
        ProbabilitiesOutput = probabilitiesOutput;
        LabelsOutput = labelsOutput;
        LabelsRank = labelsRank;
        ClassCount = classCount;
        ClassNames = classNames;
        Normalization = normalization;
        TrainingSize = trainingSize;
        Method = method;
        Version = version;
    }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The image input's name (<c>image</c> in the contract).</summary>
    public string InputName { get; }

    /// <summary>2 for an image model (input [N, C, H, W]), 3 for a volume model (input [N, C, D, H, W]).</summary>
    public int SpatialDims { get; }

    /// <summary>Input channels C of [N, C, H, W] or [N, C, D, H, W] (modalities of a volume).</summary>
    public int Channels { get; }

    /// <summary>The float [N, K, H, W] (or [N, K, D, H, W]) output (<c>probabilities</c> in the contract).</summary>
    public string ProbabilitiesOutput { get; }

    /// <summary>The int64 argmax output (<c>labels</c>, [N, H, W] or [N, 1, H, W]; [N, D, H, W] or [N, 1, D, H, W] for volumes), or null when the model has none.</summary>
    public string? LabelsOutput { get; }

    /// <summary>Rank of <see cref="LabelsOutput"/> (<see cref="SpatialDims"/> + 1 or + 2), 0 without it.</summary>
    internal int LabelsRank { get; }

    /// <summary>Number of classes K.</summary>
    public int ClassCount { get; }

    /// <summary>Class names in index order (<c>mlseg.class_names</c>, or the options').</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The input normalisation in use.</summary>
    public InputNormalization Normalization { get; }

    /// <summary>The training size [height, width] (or [depth, height, width]), or null when neither metadata nor options give it.</summary>
    public IReadOnlyList<int>? TrainingSize { get; }

    /// <summary>The resize policy in use: the options', else the model's <c>mlseg.resize</c>, else <see cref="ResizePolicy.None"/>.</summary>
    public ResizePolicy Resize { get; }

    /// <summary>The training size as a grid (depth 1 for 2D); only with a training size.</summary>
    internal GridSize TileSize => GridSize.Of(TrainingSize ?? throw new InvalidOperationException($"'{ModelPath}' has no training size."));

    /// <summary>The training method (<c>mlseg.method</c>), or null.</summary>
    public string? Method { get; }

    /// <summary>The exporting library's version (<c>mlseg.version</c>), or null.</summary>
    public string? Version { get; }

    /// <summary>Checks the model against the contract and reads its metadata.</summary>
    /// <exception cref="SegmentationModelException">The model does not follow the contract; the message names it.</exception>
    internal static SegmentationModelInfo Read(InferenceSession session, string path, OnnxSegmenterOptions options, Func<int> probeClassCount)
    {
        if (session.InputNames.Count != 1)
        {
            throw new SegmentationModelException(path, $"it has {session.InputNames.Count} inputs ({string.Join(", ", session.InputNames)}); a segmenter has one, an image tensor float32 [N, C, H, W].", null);
        }
        var inputName = session.InputNames[0];
        var input = session.InputMetadata[inputName];
        if (!input.IsTensor || input.ElementDataType != OrtElementType.Float || input.Dimensions.Length is not (4 or 5))
        {
            throw new SegmentationModelException(path, $"its input '{inputName}' is {Describe(input)}, not an image tensor float32 [N, C, H, W] or a volume tensor [N, C, D, H, W].", null);
        }
        var rank = input.Dimensions.Length;
        var spatialDims = rank - 2;
        var channels = input.Dimensions[1];
        if (channels < 1)
        {
            throw new SegmentationModelException(path, $"its input '{inputName}' {Describe(input)} has no fixed channel count.", null);
        }

        var probabilitiesName = session.OutputNames.Contains("probabilities") ? "probabilities"
            : session.OutputNames.FirstOrDefault(n => session.OutputMetadata[n] is { IsTensor: true, ElementDataType: OrtElementType.Float } m && m.Dimensions.Length == rank);
        var probabilities = probabilitiesName is null ? null : session.OutputMetadata[probabilitiesName];
        if (probabilities is null || !probabilities.IsTensor || probabilities.ElementDataType != OrtElementType.Float || probabilities.Dimensions.Length != rank)
        {
            throw new SegmentationModelException(path, $"it has no float32 [N, K, {(spatialDims == 2 ? "H, W" : "D, H, W")}] output ('probabilities'); outputs: " +
                string.Join(", ", session.OutputNames.Select(n => $"{n} {Describe(session.OutputMetadata[n])}")) + ".", null);
        }
        string? labels = null;
        var labelsRank = 0;
        if (session.OutputMetadata.TryGetValue("labels", out var l) && l.IsTensor && l.ElementDataType == OrtElementType.Int64
            && (l.Dimensions.Length == rank - 1 || (l.Dimensions.Length == rank && l.Dimensions[1] is 1 or -1)))
        {
            labels = "labels";
            labelsRank = l.Dimensions.Length;
        }

        var custom = session.ModelMetadata.CustomMetadataMap;
        var classNames = options.ClassNames ?? ParseMetadata(path, custom, SegmentationMetadataKeys.ClassNames, ParseClassNames);
        var normalization = options.Normalization ?? ParseMetadata(path, custom, SegmentationMetadataKeys.Normalization, InputNormalization.Parse);
        if (normalization is null || classNames is null)
        {
            var missing = string.Join(" and ", new[]
            {
                normalization is null ? $"'{SegmentationMetadataKeys.Normalization}' (the input normalisation: OnnxSegmenterOptions.Normalization, mlseg score --normalization)" : null,
                classNames is null ? $"'{SegmentationMetadataKeys.ClassNames}' (the class names: OnnxSegmenterOptions.ClassNames, mlseg score --class-names)" : null,
            }.OfType<string>());
            throw new SegmentationModelException(path, $"it has no {missing} metadata (not exported by MLSegmentation; from PyTorch, say), and the options do not give them. " +
                "Give the values the model was trained with; InputNormalization.None (--normalization none) feeds stored pixel values as they are.", null);
        }
        var trainingSize = options.TrainingSize ?? ParseMetadata(path, custom, SegmentationMetadataKeys.TrainingSize, ParseSize);
        if (trainingSize is not null && trainingSize.Count != spatialDims)
        {
            var what = $"a training size [{string.Join(", ", trainingSize)}] for a {spatialDims}D model (input {Describe(input)})";
            throw options.TrainingSize is null ? new SegmentationModelException(path, what + ".", null) : new ArgumentException($"'{path}': {what}.", nameof(options));
        }
        if (normalization.Kind == NormalizationKind.Fixed && normalization.Mean.Count != channels)
        {
            throw new SegmentationModelException(path, $"the fixed normalisation has {normalization.Mean.Count} channel(s) but the input has {channels}.", null);
        }

        var classCount = probabilities.Dimensions[1];
        if (classCount < 1)
        {
            classCount = options.ClassNames?.Count ?? probeClassCount();
        }
        if (classNames.Count != classCount)
        {
            var what = $"{classNames.Count} class names ([{string.Join(", ", classNames)}]) for {classCount} classes.";
            throw options.ClassNames is null ? new SegmentationModelException(path, what, null) : new ArgumentException($"'{path}': {what}", nameof(options));
        }
        if (options.ClassThresholds is { } thresholds && thresholds.Count != classCount)
        {
            throw new ArgumentException($"{thresholds.Count} class thresholds given for the {classCount} classes of '{path}'.", nameof(options));
        }
        ResizePolicy resize = options.Resize ?? ParseMetadata(path, custom, SegmentationMetadataKeys.Resize, text => new StrongBox<ResizePolicy>(ResizePolicyText.Parse(text)))?.Value ?? ResizePolicy.None;
        if (resize != ResizePolicy.None && trainingSize is null)
        {
            throw options.Resize is null
                ? new SegmentationModelException(path, $"it declares resize policy '{ResizePolicyText.Format(resize)}' but no '{SegmentationMetadataKeys.TrainingSize}'.", null)
                : new ArgumentException($"Resize policy {resize} needs a training size, but '{path}' has no '{SegmentationMetadataKeys.TrainingSize}' metadata and the options give none.", nameof(options));
        }
        custom.TryGetValue(SegmentationMetadataKeys.Method, out var method);
        custom.TryGetValue(SegmentationMetadataKeys.Version, out var version);
        return new SegmentationModelInfo(path, inputName, spatialDims, channels, probabilitiesName!, labels, labelsRank, classCount,
            classNames,
            normalization, trainingSize, resize, method, version);
    }

    private static T? ParseMetadata<T>(string path, Dictionary<string, string> custom, string key, Func<string, T> parse) where T : class
    {
        if (!custom.TryGetValue(key, out var text))
        {
            return null;
        }
        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new SegmentationModelException(path, $"its metadata '{key}' = '{text}' is malformed: {e.Message}", e);
        }
    }

    private static string[] ParseClassNames(string json)
    {
        var names = JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException("expected a JSON array of strings");
        return names.Length == 0 || names.Any(string.IsNullOrEmpty) ? throw new FormatException("expected non-empty class names") : names;
    }

    private static int[] ParseSize(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var size = parts.Select(p => int.Parse(p, NumberStyles.None, CultureInfo.InvariantCulture)).ToArray();
        return size.Length is not (2 or 3) || size.Any(s => s < 1) ? throw new FormatException("expected \"height,width\" or \"depth,height,width\"") : size;
    }

    private static string Describe(NodeMetadata node)
    {
        if (!node.IsTensor)
        {
            return $"a {node.OnnxValueType}";
        }
        var dims = node.Dimensions.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture)
            : i < node.SymbolicDimensions.Length && node.SymbolicDimensions[i].Length > 0 ? node.SymbolicDimensions[i] : "?");
        return $"{node.ElementDataType} [{string.Join(", ", dims)}]";
    }
}
