using MLSegmentation.Networks;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Methods;
using MLSegmentation.Trainers.Serialization;
using System.Globalization;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Transforms;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// A trained segmenter with what it needs to score new images: its preprocessing, class names and, for
/// methods that train extra output channels (CoLab's context classes), how those merge into
/// background, or a binary network's one logit (binary MaskSup). <see cref="Transform"/> scores images in the engine; <c>ExportToOnnx</c> (in
/// MLSegmentation.Onnx) writes the same model as a standard ONNX file. Owns its network.
/// </summary>
public sealed class SegmentationModel : IDisposable
{
    /// <summary>Format version written to <c>mlseg.model</c>.</summary>
    public const int FormatVersion = 2;

    /// <summary>Wraps a trained network; the model takes ownership of <paramref name="network"/>.</summary>
    public SegmentationModel(UNet network, Preprocessing preprocessing, IReadOnlyList<string> classNames, string method, int contextChannels = 0,
        ContextMergeRule contextMerge = ContextMergeRule.ArgMaxThenMap, bool binaryLogit = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(classNames);
        Network = network;
        Preprocessing = preprocessing ?? throw new ArgumentNullException(nameof(preprocessing));
        ClassNames = classNames;
        Method = method;
        ContextChannels = contextChannels;
        ContextMerge = contextMerge;
        BinaryLogit = binaryLogit;
        if (binaryLogit && (classNames.Count != 2 || contextChannels != 0 || network.Options.Classes != 1))
            throw new ArgumentException($"a binary model has one output channel for two classes, not {network.Options.Classes} for {classNames.Count} classes and {contextChannels} context channels", nameof(binaryLogit));
        if (!binaryLogit && network.Options.Classes != classNames.Count + contextChannels)
            throw new ArgumentException($"the network has {network.Options.Classes} output channels for {classNames.Count} classes and {contextChannels} context channels", nameof(classNames));
        network.eval();
    }

    /// <summary>The segmenter (in evaluation mode).</summary>
    public UNet Network { get; }

    /// <summary>Normalisation and resizing applied before the network.</summary>
    public Preprocessing Preprocessing { get; }

    /// <summary>Class names, index = class, background first.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes the model predicts (background included).</summary>
    public int Classes => ClassNames.Count;

    /// <summary>The method that trained it (<c>baseline</c>, <c>colab</c>, …).</summary>
    public string Method { get; }

    /// <summary>Extra output channels (after the classes) that are background (CoLab's context classes).</summary>
    public int ContextChannels { get; }

    /// <summary>How <see cref="ContextChannels"/> merge into background, as in training's validation and in the exported graph.</summary>
    public ContextMergeRule ContextMerge { get; }

    /// <summary>The network returns one logit z for its two classes (binary MaskSup): the probabilities are [1 − σ(z), σ(z)].</summary>
    public bool BinaryLogit { get; }

    /// <summary>
    /// Class scores [N, Classes, spatial…] for preprocessed images [N, C, spatial…]: the softmax, with the context channels
    /// merged into background by <see cref="ContextMerge"/> (the ONNX graph's <c>probabilities</c>); the label is their argmax.
    /// </summary>
    public Tensor Probabilities(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Tensor logits = BinaryLogit ? BinaryLogits.Expand(Network.forward(images)) : Network.forward(images);
        Tensor p = ContextChannels > 0 ? CoLabMethod.MergeContext(logits, ContextChannels, ContextMerge).exp() : F.softmax(logits, 1);
        return p.MoveToOuterDisposeScope();
    }

    /// <summary>Label maps for <paramref name="images"/>, each at its own original size; scored in batches of <paramref name="batchSize"/> images of equal size.</summary>
    public IEnumerable<LabelMap> Transform(IEnumerable<Image> images, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var pending = new List<(Image Original, Image Prepared)>();
        foreach (Image image in images)
        {
            Image prepared = Prepare(image);
            if (pending.Count > 0 && (pending.Count == batchSize || !pending[0].Prepared.Size.SequenceEqual(prepared.Size)))
            {
                foreach (LabelMap labels in Score(pending)) yield return labels;
                pending.Clear();
            }
            pending.Add((image, prepared));
        }
        if (pending.Count > 0)
        {
            foreach (LabelMap labels in Score(pending)) yield return labels;
        }
    }

    /// <summary>The label map of one image at its original size.</summary>
    public LabelMap Predict(Image image) => Transform([image]).Single();

    /// <summary>Scores a labelled dataset: per-class Dice, IoU, precision, sensitivity, specificity, HD95 and more (docs/metrics.md).</summary>
    public MetricsReport Evaluate(ISegmentationDataset dataset, bool surfaceDistances = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var metrics = new MetricsAccumulator(new MetricsOptions(Classes) { ClassNames = ClassNames, SurfaceDistances = surfaceDistances });
        var samples = Enumerable.Range(0, dataset.Count).Select(dataset.Load).ToList();
        int k = 0;
        foreach (LabelMap predicted in Transform(samples.Select(s => s.Image)))
        {
            LabelMap truth = samples[k++].Labels ?? throw new ArgumentException($"sample {dataset.GetInfo(k - 1)} has no label map", nameof(dataset));
            metrics.Add(predicted, truth);
        }
        return metrics.Report();
    }

    private Image Prepare(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels != Network.Options.InputChannels)
            throw new ArgumentException($"the image has {image.Channels} channel(s), the model takes {Network.Options.InputChannels}", nameof(image));
        var sample = new SegmentationSample(image.Clone());
        foreach (ISampleTransform t in Preprocessing.ToTransforms()) sample = t.Apply(sample, new SampleRandom(0, 0));
        return sample.Image;
    }

    private List<LabelMap> Score(List<(Image Original, Image Prepared)> batch)
    {
        using var scope = torch.NewDisposeScope();
        Image first = batch[0].Prepared;
        long[] shape = [batch.Count, first.Channels, .. first.Size.Select(s => (long)s)];
        var pixels = new float[batch.Count * first.Data.Length];
        for (int i = 0; i < batch.Count; i++) batch[i].Prepared.Data.CopyTo(pixels, i * first.Data.Length);
        Tensor labels = Probabilities(torch.tensor(pixels, shape)).argmax(1);
        var maps = new List<LabelMap>(batch.Count);
        for (int i = 0; i < batch.Count; i++)
        {
            Image original = batch[i].Original;
            Tensor one = labels.narrow(0, i, 1);
            if (!original.Size.SequenceEqual(first.Size))
            {
                long[] size = original.Size.Select(s => (long)s).ToArray();
                one = F.interpolate(one.unsqueeze(1).to(ScalarType.Float32), size: size).squeeze(1);
            }
            maps.Add(new LabelMap(original.Size, one.to(ScalarType.Int32).data<int>().ToArray(), original.Spacing));
        }
        return maps;
    }

    /// <summary>Writes the model to one <see cref="TensorArchive"/> (weights as <c>model.safetensors</c>; configuration, preprocessing and classes as metadata), atomically.</summary>
    public void Save(string path)
    {
        var archive = new TensorArchive();
        archive.AddModule("model", Network);
        archive.Metadata["mlseg.model"] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        archive.Metadata["network"] = JsonSerializer.Serialize(Network.Options);
        archive.Metadata["preprocessing"] = Preprocessing.ToJson();
        archive.Metadata["class_names"] = JsonSerializer.Serialize(ClassNames);
        archive.Metadata["method"] = Method;
        archive.Metadata["context_channels"] = ContextChannels.ToString(CultureInfo.InvariantCulture);
        archive.Metadata["context_merge"] = ContextMerge.ToString();
        archive.Metadata["binary_logit"] = BinaryLogit ? "true" : "false";
        archive.Save(path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a model of a known format version, or is damaged; the message names it.</exception>
    public static SegmentationModel Load(string path)
    {
        TensorArchive archive = TensorArchive.Load(path);
        string Meta(string key) => archive.Metadata.TryGetValue(key, out string? v) ? v
            : throw new InvalidDataException($"{path}: not a segmentation model (no '{key}' in its metadata)");
        if (Meta("mlseg.model") != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{path}: model format {Meta("mlseg.model")} is not supported (this library reads {FormatVersion})");
        UNet network;
        try
        {
            network = new UNet(JsonSerializer.Deserialize<UNetOptions>(Meta("network")) ?? throw new InvalidDataException($"{path}: empty network description"));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: the network description is invalid: {e.Message}", e);
        }
        try
        {
            archive.LoadModule("model", network);
            return new SegmentationModel(network, Preprocessing.FromJson(Meta("preprocessing")),
                JsonSerializer.Deserialize<string[]>(Meta("class_names")) ?? [], Meta("method"),
                int.Parse(Meta("context_channels"), CultureInfo.InvariantCulture), ContextMergeOf(archive, path),
                archive.Metadata.TryGetValue("binary_logit", out string? binary) && binary == "true");
        }
        catch (Exception e)
        {
            network.Dispose();
            if (e is JsonException or ArgumentException or FormatException or OverflowException)
                throw new InvalidDataException($"{path}: its metadata is invalid: {e.Message}", e);
            throw;
        }
    }

    // Models saved before the rule was stored were scored by merging probabilities.
    private static ContextMergeRule ContextMergeOf(TensorArchive archive, string path) =>
        !archive.Metadata.TryGetValue("context_merge", out string? text) ? ContextMergeRule.MergeThenArgMax
        : Enum.TryParse(text, out ContextMergeRule rule) && Enum.IsDefined(rule) ? rule
        : throw new InvalidDataException($"{path}: unknown context merge rule '{text}' (expected {string.Join(" or ", Enum.GetNames<ContextMergeRule>())})");

    /// <summary>Releases the network.</summary>
    public void Dispose() => Network.Dispose();
}
