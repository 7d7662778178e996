using System.Globalization;
using System.Runtime.InteropServices;
using MLSegmentation.Trainers.Serialization;
using TorchSharp;
using static TorchSharp.torch.optim.lr_scheduler;
using static TorchSharp.torch;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// A run's complete state in one <see cref="TensorArchive"/> (docs/formats.md): the segmenter (<c>model</c>), its
/// optimizer (<c>optimizer</c>), the method's own parts (<c>method.*</c>), libtorch's generator (<c>rng</c>), and in the
/// metadata the steps done (the schedule is replayed to them on restore), the seed, the method, the best validation score and
/// the network's configuration. Written atomically.
/// </summary>
public static class Checkpoint
{
    /// <summary>Format version written to <c>mlseg.checkpoint</c>.</summary>
    public const int FormatVersion = 2;

    /// <summary>Writes the state after <paramref name="stepsDone"/> steps to <paramref name="path"/> (temp file, then rename).</summary>
    public static void Save(string path, TrainingContext context, TrainingMethod method, long stepsDone, double? bestScore)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(method);
        var archive = new TensorArchive();
        archive.AddModule("model", context.Network);
        archive.AddOptimizer("optimizer", context.Optimizer);
        method.SaveState(archive, "method.");
        using (Tensor rng = get_rng_state()) archive.AddTensors("rng", new Dictionary<string, Tensor> { ["torch"] = rng });
        archive.Metadata["mlseg.checkpoint"] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        archive.Metadata["steps_done"] = stepsDone.ToString(CultureInfo.InvariantCulture);
        archive.Metadata["seed"] = context.Options.Seed.ToString(CultureInfo.InvariantCulture);
        archive.Metadata["method"] = method.Name;
        archive.Metadata["classes"] = context.Classes.ToString(CultureInfo.InvariantCulture);
        archive.Metadata["network"] = System.Text.Json.JsonSerializer.Serialize(context.Network.Options);
        if (bestScore is double best) archive.Metadata["best_score"] = best.ToString("R", CultureInfo.InvariantCulture);
        archive.Save(path);
    }

    /// <summary>What <see cref="Restore"/> read besides the tensors.</summary>
    public sealed record Info(long StepsDone, double? BestScore);

    /// <summary>
    /// Restores a run written by <see cref="Save"/> into freshly built objects of the same configuration, and replays
    /// <paramref name="schedule"/> to the saved step.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a checkpoint of this format or of this method; the message names it.</exception>
    public static Info Restore(string path, TrainingContext context, LRScheduler schedule, TrainingMethod method)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(method);
        TensorArchive archive = TensorArchive.Load(path);
        if (!archive.Metadata.TryGetValue("mlseg.checkpoint", out string? version) || version != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{path}: not a training checkpoint of format {FormatVersion} (mlseg.checkpoint = {version ?? "missing"})");
        string savedMethod = archive.Metadata.TryGetValue("method", out string? m) ? m : "?";
        if (savedMethod != method.Name)
            throw new InvalidDataException($"{path}: the checkpoint was written by method '{savedMethod}', this run uses '{method.Name}'");
        long steps = archive.Metadata.TryGetValue("steps_done", out string? done) && long.TryParse(done, NumberStyles.None, CultureInfo.InvariantCulture, out long parsed)
            ? parsed
            : throw new InvalidDataException($"{path}: steps_done is '{done ?? "missing"}', not a step count");
        archive.LoadModule("model", context.Network);
        // The schedulers chain from the optimizer's current rate: replay from the fresh rate, then restore the optimizer
        // (whose saved rate is the replayed one).
        Optimization.Replay(schedule, steps);
        archive.LoadOptimizer("optimizer", context.Optimizer);
        method.LoadState(archive, "method.");
        RestoreGenerator(path, archive.Tensors("rng"));
        double? best = null;
        if (archive.Metadata.TryGetValue("best_score", out string? b))
            best = double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out double score) ? score : throw new InvalidDataException($"{path}: best_score is '{b}', not a number");
        return new Info(steps, best);
    }

    private static void RestoreGenerator(string path, Dictionary<string, Tensor> rng)
    {
        try
        {
            // libtorch checks the state's size but not its type; a wrong one would be read as bytes of another width.
            if (!rng.TryGetValue("torch", out Tensor? state) || state.dtype != ScalarType.Byte || state.dim() != 1)
                throw new InvalidDataException($"{path}: part 'rng' holds no generator state ('torch', a 1-D byte tensor)");
            try
            {
                set_rng_state(state);
            }
            catch (ExternalException e)
            {
                throw new InvalidDataException($"{path}: part 'rng' is not a generator state: {e.Message}", e);
            }
        }
        finally
        {
            foreach (Tensor t in rng.Values) t.Dispose();
        }
    }
}
