using TorchSharp;
using static TorchSharp.torch;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Trainers.Estimators;

/// <summary>
/// The starting point, in the shape of ML.NET's <c>MLContext</c>: one seed for everything, the
/// <see cref="Transforms"/> and <see cref="Trainers"/> catalogs, the device, and progress and log events.
/// <code>
/// var ctx = new SegmentationContext(seed: 1);
/// var pipeline = ctx.Transforms.Resize(64, 64).Append(ctx.Transforms.NormalizeZScore()).Append(ctx.Trainers.Baseline(steps: 500));
/// using SegmentationModel model = pipeline.Fit(train, validation);
/// IEnumerable&lt;LabelMap&gt; masks = model.Transform(images);
/// </code>
/// </summary>
public sealed class SegmentationContext
{
    /// <summary>Creates a context; <paramref name="seed"/> drives network initialisation, data order, augmentation and methods.</summary>
    public SegmentationContext(long seed = 1, Device? device = null)
    {
        Seed = seed;
        Device = device ?? torch.CPU;
        Transforms = new TransformsCatalog(this);
        Trainers = new TrainersCatalog(this);
    }

    /// <summary>The seed.</summary>
    public long Seed { get; }

    /// <summary>Where training runs.</summary>
    public Device Device { get; }

    /// <summary>Preprocessing and augmentation steps.</summary>
    public TransformsCatalog Transforms { get; }

    /// <summary>The trainers.</summary>
    public TrainersCatalog Trainers { get; }

    /// <summary>Training progress (steps, validation, checkpoints, the end), raised on the training thread.</summary>
    public event Action<TrainingProgress>? Progress;

    /// <summary>Warnings and notes (skipped samples, device fallback).</summary>
    public event Action<string>? Message;

    internal void Report(TrainingProgress progress) => Progress?.Invoke(progress);

    internal void Log(string message) => Message?.Invoke(message);
}
