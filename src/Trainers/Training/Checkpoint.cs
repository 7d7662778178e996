using System.Globalization;
using MLSegmentation.Torch;
using MLSegmentation.Torch.Optim;
using MLSegmentation.Torch.Serialization;
using MLSegmentation.Trainers.Segmenters;

namespace MLSegmentation.Trainers.Training;

/// <summary>
/// A run's complete state in one state-dict file (docs/formats.md): the segmenter (<c>model.*</c>), its
/// optimizer (<c>optimizer.*</c>) and schedule (<c>scheduler.*</c>), the method's own state
/// (<c>method.*</c>), libtorch's generator (<c>rng.torch</c>), and in the metadata the steps done, the
/// seed, the method, the best validation score and the network's configuration. Written atomically.
/// </summary>
public static class Checkpoint
{
    /// <summary>Format version written to <c>mlseg.checkpoint</c>.</summary>
    public const int FormatVersion = 1;

    /// <summary>Writes the state after <paramref name="stepsDone"/> steps to <paramref name="path"/> (temp file, then rename).</summary>
    public static void Save(string path, TrainingContext context, LRScheduler scheduler, TrainingMethod method, long stepsDone, double? bestScore)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(method);
        using var checkpoint = new StateDict();
        AddAll(checkpoint, "model.", context.Network.state_dict());
        AddAll(checkpoint, "optimizer.", context.Optimizer.state_dict());
        AddAll(checkpoint, "scheduler.", scheduler.state_dict());
        method.SaveState(checkpoint, "method.");
        checkpoint.Add("rng.torch", torch.get_rng_state());
        checkpoint.Metadata["mlseg.checkpoint"] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["steps_done"] = stepsDone.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["seed"] = context.Options.Seed.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["method"] = method.Name;
        checkpoint.Metadata["classes"] = context.Classes.ToString(CultureInfo.InvariantCulture);
        checkpoint.Metadata["network"] = System.Text.Json.JsonSerializer.Serialize(context.Network.Options);
        if (bestScore is double best) checkpoint.Metadata["best_score"] = best.ToString("R", CultureInfo.InvariantCulture);
        checkpoint.Save(path);
    }

    /// <summary>What <see cref="Restore"/> read besides the tensors.</summary>
    public sealed record Info(long StepsDone, double? BestScore);

    /// <summary>Restores a run written by <see cref="Save"/> into freshly built objects of the same configuration.</summary>
    public static Info Restore(string path, TrainingContext context, LRScheduler scheduler, TrainingMethod method)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(method);
        using StateDict checkpoint = StateDict.Load(path);
        if (!checkpoint.Metadata.TryGetValue("mlseg.checkpoint", out string? version) || version != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{path}: not a training checkpoint of format {FormatVersion} (mlseg.checkpoint = {version ?? "missing"})");
        string savedMethod = checkpoint.Metadata.TryGetValue("method", out string? m) ? m : "?";
        if (savedMethod != method.Name)
            throw new InvalidDataException($"{path}: the checkpoint was written by method '{savedMethod}', this run uses '{method.Name}'");
        context.Network.load_state_dict(WithPrefix(checkpoint, "model."));
        context.Optimizer.load_state_dict(WithPrefix(checkpoint, "optimizer."));
        scheduler.load_state_dict(WithPrefix(checkpoint, "scheduler."));
        method.LoadState(checkpoint, "method.");
        torch.set_rng_state(checkpoint["rng.torch"]);
        long steps = long.Parse(checkpoint.Metadata["steps_done"], CultureInfo.InvariantCulture);
        double? best = checkpoint.Metadata.TryGetValue("best_score", out string? b) ? double.Parse(b, CultureInfo.InvariantCulture) : null;
        return new Info(steps, best);
    }

    /// <summary>Moves every entry of <paramref name="source"/> into <paramref name="target"/> under <paramref name="prefix"/> and disposes the source.</summary>
    public static void AddAll(StateDict target, string prefix, StateDict source)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(source);
        using (source)
        {
            foreach ((string key, Tensor value) in source) target.Add(prefix + key, value.alias());
        }
    }

    /// <summary>The entries of <paramref name="state"/> under <paramref name="prefix"/>, with the prefix removed (not owned).</summary>
    public static Dictionary<string, Tensor> WithPrefix(IReadOnlyDictionary<string, Tensor> state, string prefix)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
    }
}
