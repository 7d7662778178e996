using MLSegmentation.Trainers.Serialization;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Losses;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// The semantic-aware contrastive term shared by the pretraining and joint methods: two augmented views
/// of the batch, one attention-masked embedding per (image, foreground class present) of each view, the
/// projection head, and SupCon over all object embeddings of both views (positives: same class, other
/// image or other view). Owns the projection head and its optimizer, which has the segmenter's kind and
/// hyperparameters and follows the segmenter's learning rate step by step.
/// </summary>
public sealed class SemanticContrastiveObjective(SemanticContrastiveOptions options) : IDisposable
{
    private readonly SupervisedContrastiveLoss _loss = new() { Temperature = options.Temperature, BaseTemperature = options.BaseTemperature };
    private ContrastiveViews? _views;

    /// <summary>The options.</summary>
    public SemanticContrastiveOptions Options { get; } = options;

    /// <summary>The projection head (after <see cref="Initialize"/>).</summary>
    public ProjectionHead? Head { get; private set; }

    /// <summary>The projection head's optimizer (after <see cref="Initialize"/>).</summary>
    public OptimizerHelper? HeadOptimizer { get; private set; }

    /// <summary>The encoder level whose features are pooled for <paramref name="network"/>.</summary>
    public int Level(UNet network)
    {
        ArgumentNullException.ThrowIfNull(network);
        int level = Options.EmbeddingLevel ?? network.Options.Depth;
        if (level > network.Options.Depth) throw new ArgumentOutOfRangeException(nameof(network), $"EmbeddingLevel {level} is beyond the U-Net's {network.Options.Depth + 1} encoder stages");
        return level;
    }

    /// <summary>Builds the head (weights from the global generator), its optimizer and the views for the run of <paramref name="context"/>.</summary>
    public void Initialize(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Options.Validate();
        DisposeHead();
        UNet network = context.Network;
        if (Options.Attention == AttentionMode.InputChannel && network.Options.InputChannels < 2)
            throw new InvalidOperationException("InputChannel attention needs a U-Net with one extra input channel for the mask (SemanticContrastiveTrainer adds it in stage 1)");
        Head = new ProjectionHead(network.Options.Width(Level(network)), Options.ProjectionSize);
        if (context.Device.type != DeviceType.CPU) Head.to(context.Device);
        TrainerOptions o = context.Options;
        HeadOptimizer = Optimization.CreateOptimizer(o, Head.parameters());
        _views = new ContrastiveViews(Options, o.Seed);
    }

    /// <summary>
    /// Object embeddings before the head, [M, F], and their labels [M]: masked average pooling of the chosen
    /// encoder level (<see cref="AttentionMode.FeaturePooling"/>), or the globally pooled encoder output of the
    /// image with the mask as its last input channel (<see cref="AttentionMode.InputChannel"/>). The labels are the
    /// objects' classes, or with <see cref="ContrastiveLabels.ImageId"/> the index of their image in <paramref name="images"/>.
    /// </summary>
    public (Tensor Embeddings, Tensor Labels) Embed(UNet network, Tensor images, Tensor labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(images);
        using var scope = torch.NewDisposeScope();
        int level = Level(network);
        using AttentionMasks objects = AttentionMasks.FromLabels(labels, classes, Options.AttentionDilation);
        Tensor embeddings;
        if (objects.Count == 0)
        {
            embeddings = torch.zeros([0, network.Options.Width(level)], device: images.device);
        }
        else if (Options.Attention == AttentionMode.FeaturePooling)
        {
            embeddings = objects.Pool(network.Encode(images)[level]);
        }
        else
        {
            Tensor input = torch.cat([images.index_select(0, objects.ImageIndex(images.device)), objects.Masks.to(images.dtype)], 1);
            Tensor features = network.Encode(input)[level];
            embeddings = features.mean(Enumerable.Range(2, (int)features.dim() - 2).Select(d => (long)d).ToArray());
        }
        Tensor objectLabels = Options.Labels == ContrastiveLabels.ImageId ? objects.ImageIndex(images.device) : objects.ClassLabels(images.device);
        return (embeddings.MoveToOuterDisposeScope(), objectLabels.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// SupCon over the object embeddings of both views of the batch. <paramref name="step"/> and the batch's
    /// sample indices seed the views; <paramref name="classes"/> counts the background. With
    /// <see cref="ContrastiveLabels.ImageId"/> both views of an image share its label, its index in the batch.
    /// </summary>
    public Tensor Compute(UNet network, TrainingBatch batch, int classes, long step)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(batch);
        if (Head is null || _views is null) throw new InvalidOperationException("call Initialize first");
        using var scope = torch.NewDisposeScope();
        (Tensor images0, Tensor labels0) = _views.Make(batch.Images, batch.Labels, batch.SampleIndices, step, 0);
        (Tensor images1, Tensor labels1) = _views.Make(batch.Images, batch.Labels, batch.SampleIndices, step, 1);
        Tensor images = torch.cat([images0, images1], 0);
        (Tensor embeddings, Tensor objectLabels) = Embed(network, images, torch.cat([labels0, labels1], 0), classes);
        if (Options.Labels == ContrastiveLabels.ImageId) objectLabels = objectLabels.remainder(batch.Images.size(0));
        return _loss.Compute(Head.forward(embeddings), objectLabels).MoveToOuterDisposeScope();
    }

    /// <summary>Clears the head's gradients (call before the loss is built).</summary>
    public void ZeroGrad() => HeadOptimizer?.zero_grad();

    /// <summary>Steps the head's optimizer at the segmenter's current learning rate.</summary>
    public void Step(double learningRate)
    {
        if (HeadOptimizer is null) return;
        foreach (ParamGroup group in HeadOptimizer.ParamGroups) group.LearningRate = learningRate;
        HeadOptimizer.step();
    }

    /// <summary>Writes the head (<c>head.*</c>) and its optimizer (<c>head_optimizer.*</c>) under <paramref name="prefix"/>.</summary>
    public void SaveState(TensorArchive checkpoint, string prefix)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Head is null || HeadOptimizer is null) return;
        checkpoint.AddModule(prefix + "head", Head);
        checkpoint.AddOptimizer(prefix + "head_optimizer", HeadOptimizer);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote.</summary>
    public void LoadState(TensorArchive checkpoint, string prefix)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (Head is null || HeadOptimizer is null) throw new InvalidOperationException("call Initialize first");
        checkpoint.LoadModule(prefix + "head", Head);
        checkpoint.LoadOptimizer(prefix + "head_optimizer", HeadOptimizer);
    }

    /// <summary>Releases the head and its optimizer.</summary>
    public void Dispose() => DisposeHead();

    private void DisposeHead()
    {
        HeadOptimizer?.Dispose();
        Head?.Dispose();
        HeadOptimizer = null;
        Head = null;
    }
}
