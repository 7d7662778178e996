using System.Globalization;
using MLSegmentation.Transforms;

namespace MLSegmentation.Cli;

/// <summary>The synthetic tasks (<see cref="SyntheticOptions.ForTask"/>) as the commands describe them: the knob values of each preset.</summary>
internal static class SyntheticTasks
{
    /// <summary>Every task with its knobs, for <c>--help</c>.</summary>
    public static string Help => string.Join("; ", Enum.GetValues<SyntheticTask>().Select(t => $"{t}: {Describe(SyntheticOptions.ForTask(t))}"));

    /// <summary>The knobs of <paramref name="options"/>, e.g. "64×64, 2 classes, heterogeneity 1, 4 distractors, …".</summary>
    public static string Describe(SyntheticOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"{options.Height}×{options.Width}, {options.ClassCount} classes, heterogeneity {options.BackgroundHeterogeneity}, {options.Distractors} distractors, "
        + $"occlusion {options.Occlusion}, {options.Occluders} occluders, objects per class {(options.ObjectsPerClass > 0 ? options.ObjectsPerClass.ToString(CultureInfo.InvariantCulture) : "1–2")}, "
        + $"object scale {options.ObjectScale}, lesion probability {options.LesionProbability}, noise {options.NoiseSigma}");
}
