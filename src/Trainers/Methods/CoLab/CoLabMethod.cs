using MLSegmentation.Transforms;
using MLSegmentation.Onnx;
using MLSegmentation.Trainers.Serialization;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Segmenters;
using MLSegmentation.Trainers.Training;
using F = TorchSharp.torch.nn.functional;

namespace MLSegmentation.Trainers.Methods;

/// <summary>
/// CoLab, context label learning (Li, Kamnitsas, Ouyang, Chen, Glocker; IEEE TMI 2023; METHODS.md §1), as hooks on
/// the one training loop. The segmenter has C + K outputs (0 background, 1..C−1 ROI, C..C+K−1 context); a task
/// generator g_φ (the segmenter's architecture, K + 1 outputs, no deep supervision) splits background into K context
/// classes through soft targets (<see cref="CoLabTargets"/>), and is meta-learned so that one SGD step of the segmenter
/// on those targets lowers the ROI channels' binary cross-entropy (<see cref="CoLabLosses.Meta"/>).
/// </summary>
/// <remarks>
/// <para>
/// Schedule: <see cref="Loss"/> runs the meta step first when the step is a multiple of
/// <see cref="CoLabOptions.TaskUpdateEvery"/> (as the official code does: at iterations 0, 5, 10, …, before the
/// normal step of the same iteration), one sample at a time with an Adam step on φ per sample; then it returns the
/// normal step's loss, L_train with the generator detached. The trainer back-propagates it, clips and steps the
/// segmenter as for any method.
/// </para>
/// <para>
/// The generator and its Adam state are part of the checkpoint (<c>method.generator.*</c>,
/// <c>method.generator_optimizer.*</c>), so a resumed run continues exactly. <see cref="Predict"/> returns C class
/// scores with the context channels merged into background (<see cref="CoLabOptions.Merge"/>), so validation,
/// metrics and export see an ordinary C-class segmenter.
/// </para>
/// </remarks>
public sealed class CoLabMethod : TrainingMethod
{
    private UNet? _generator;
    private Adam? _generatorOptimizer;

    /// <summary>CoLab with <paramref name="options"/> (the defaults when null).</summary>
    public CoLabMethod(CoLabOptions? options = null)
    {
        Options = options ?? new CoLabOptions();
        Options.Validate();
    }

    /// <summary>The method's knobs.</summary>
    public CoLabOptions Options { get; }

    /// <summary>The task generator g_φ, once <see cref="Initialize"/> has built it.</summary>
    public UNet? Generator => _generator;

    /// <summary>Meta steps whose v was all zeros and were skipped so far.</summary>
    public long SkippedMetaSteps { get; private set; }

    /// <summary>Generator updates (one per sample of a meta step) made so far in this process.</summary>
    public long GeneratorUpdates { get; private set; }

    /// <inheritdoc/>
    public override string Name => "colab";

    /// <inheritdoc/>
    public override int OutputChannels(int classes) => classes + Options.ContextClasses;

    /// <inheritdoc/>
    public override ContextMergeRule ContextMerge => Options.Merge;

    /// <summary>The distance fade, computed on each whole sample before augmentation (<see cref="AddDistanceFade"/>).</summary>
    public override IReadOnlyList<ISampleTransform> SampleTransforms => [new AddDistanceFade(Options.TauSub, Options.TauDev)];

    /// <summary>Builds the task generator (same architecture as the segmenter, K + 1 outputs) and its Adam.</summary>
    public override void Initialize(TrainingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Classes < 2) throw new ArgumentException("CoLab needs a background and at least one ROI class", nameof(context));
        DisposeGenerator();
        _generator = new UNet(context.Network.Options with { Classes = Options.ContextClasses + 1, DeepSupervision = false });
        if (context.Device.type != DeviceType.CPU) _generator.to(context.Device);
        _generator.train();
        _generatorOptimizer = torch.optim.Adam(_generator.parameters(), Options.GeneratorLearningRate);
        SkippedMetaSteps = 0;
        GeneratorUpdates = 0;
    }

    /// <inheritdoc/>
    public override Tensor Loss(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        return Supervision(context, batch)(context.Network.ForwardDeep(batch.Images));
    }

    /// <summary>
    /// The step's CoLab part before the segmenter's forward pass: runs the meta step when the step is a multiple of
    /// <see cref="CoLabOptions.TaskUpdateEvery"/> (on <paramref name="batch"/>'s images, L_meta on their outputs), builds the
    /// step's soft targets from the detached generator, and returns L_train against them (<see cref="CoLabLosses.Train"/>) as a
    /// function of the segmenter's outputs (<c>ForwardDeep</c>, full resolution first) of any input with the batch's labels
    /// (<see cref="CoLabMaskSupMethod"/> applies it to a masked branch too). Call it once per step, inside the step's dispose scope.
    /// </summary>
    public Func<IReadOnlyList<Tensor>, Tensor> Supervision(TrainingContext context, TrainingBatch batch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(batch);
        UNet generator = _generator ?? throw new InvalidOperationException("CoLabMethod.Initialize was not called");
        Tensor fade = batch.SideData.Count > 0 ? batch.SideData[0] : CoLabTargets.DistanceFade(batch.Labels, Options.TauSub, Options.TauDev);
        if (!Options.FreezeGenerator && context.Step % Options.TaskUpdateEvery == 0) MetaStep(context, batch, fade);
        Tensor probabilities;
        using (torch.no_grad()) probabilities = F.softmax(generator.forward(batch.Images), 1);
        bool deep = UsesDeepSupervision(context.Network);
        int classes = context.Classes;
        return outputs => CoLabLosses.Train(deep ? outputs : [outputs[0]], probabilities, batch.Labels, fade, classes);
    }

    /// <summary>Whether L_train uses the network's deep-supervision outputs (<see cref="CoLabOptions.DeepSupervision"/>).</summary>
    public bool UsesDeepSupervision(UNet network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.Options.DeepSupervision && Options.DeepSupervision != false;
    }

    private void MetaStep(TrainingContext context, TrainingBatch batch, Tensor fade)
    {
        UNet generator = _generator!;
        Adam optimizer = _generatorOptimizer!;
        double progress = Math.Min(1.0, (double)context.Step / context.Options.Steps);
        optimizer.ParamGroups.First().LearningRate = Options.GeneratorLearningRate * Math.Pow(1 - progress, 0.9);
        double alpha = context.LearningRate;
        bool deep = UsesDeepSupervision(context.Network);
        for (int i = 0; i < batch.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            Tensor[]? gradients = CoLabMetaGradient.Compute(context.Network, generator, batch.Images.narrow(0, i, 1), batch.Labels.narrow(0, i, 1),
                fade.narrow(0, i, 1), context.Classes, alpha, Options.MetaGradient, deep, Options.FiniteDifferenceRadius);
            if (gradients is null)
            {
                SkippedMetaSteps++;
                continue;
            }
            optimizer.zero_grad();
            int j = 0;
            foreach (Tensor p in generator.parameters()) p.grad = gradients[j++];
            optimizer.step();
            optimizer.zero_grad();
            GeneratorUpdates++;
        }
    }

    /// <summary>
    /// C class scores [N, C, spatial…] (log-probabilities of the merged classes) from the C + K logits: ROI channels keep
    /// their log-softmax; background's score merges channel 0 and the context channels per <see cref="CoLabOptions.Merge"/>.
    /// </summary>
    public override Tensor Predict(UNet network, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var scope = torch.NewDisposeScope();
        return MergeContext(network.forward(images), Options.ContextClasses, Options.Merge).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Merges the K context channels (the last K of <paramref name="logits"/> [N, C + K, spatial…]) into background:
    /// log-softmax over all channels, then background's score is the maximum (<see cref="ContextMergeRule.ArgMaxThenMap"/>)
    /// or the log-sum-exp (<see cref="ContextMergeRule.MergeThenArgMax"/>) of channel 0 and the context channels: the
    /// logarithm of the merged scores the ONNX graph gives as <c>probabilities</c>.
    /// </summary>
    public static Tensor MergeContext(Tensor logits, int contextClasses, ContextMergeRule merge)
    {
        ArgumentNullException.ThrowIfNull(logits);
        long classes = logits.size(1) - contextClasses;
        if (contextClasses < 1 || classes < 2)
            throw new ArgumentException($"{logits.size(1)} channels cannot hold {contextClasses} context classes and at least two classes", nameof(contextClasses));
        using var scope = torch.NewDisposeScope();
        Tensor logP = F.log_softmax(logits.to(ScalarType.Float32), 1);
        Tensor backgroundParts = torch.cat([logP.narrow(1, 0, 1), logP.narrow(1, classes, contextClasses)], 1);
        Tensor background = merge == ContextMergeRule.ArgMaxThenMap ? backgroundParts.amax([1], keepdim: true) : backgroundParts.logsumexp(1, keepdim: true);
        return torch.cat([background, logP.narrow(1, 1, classes - 1)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>Writes the generator (<c>generator.*</c>) and its Adam state (<c>generator_optimizer.*</c>) under <paramref name="prefix"/>.</summary>
    public override void SaveState(TensorArchive checkpoint, string prefix)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (_generator is null || _generatorOptimizer is null) throw new InvalidOperationException("CoLabMethod.Initialize was not called");
        checkpoint.AddModule(prefix + "generator", _generator);
        checkpoint.AddOptimizer(prefix + "generator_optimizer", _generatorOptimizer);
    }

    /// <summary>Restores the generator and its Adam state written by <see cref="SaveState"/>.</summary>
    public override void LoadState(TensorArchive checkpoint, string prefix)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (_generator is null || _generatorOptimizer is null) throw new InvalidOperationException("CoLabMethod.Initialize was not called");
        checkpoint.LoadModule(prefix + "generator", _generator);
        checkpoint.LoadOptimizer(prefix + "generator_optimizer", _generatorOptimizer);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) DisposeGenerator();
        base.Dispose(disposing);
    }

    private void DisposeGenerator()
    {
        _generatorOptimizer?.Dispose();
        _generator?.Dispose();
        _generatorOptimizer = null;
        _generator = null;
    }
}
