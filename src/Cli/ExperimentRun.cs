using MLSegmentation.Trainers.Metrics;
using MLSegmentation.Trainers.Training;

namespace MLSegmentation.Cli;

/// <summary>
/// One finished run of an experiment: the method, its seed, its evaluation on the validation samples, its evaluations on
/// the datasets of <c>--evaluation-data</c> (in their order), and how flat its training loss ended (<see cref="LossTrend"/>).
/// </summary>
internal sealed record ExperimentRun(string Method, long Seed, MetricsReport Evaluation, IReadOnlyList<MetricsReport> ExtraEvaluations, double? LossTrend)
{
    /// <summary>Mean Dice over the foreground classes on the validation samples.</summary>
    public double Dice => Evaluation.ClassMeanDice;

    /// <summary>
    /// The mean training loss of the last tenth of the steps over that of the tenth before (1 = flat, below 1 = still
    /// falling), from a run's step events; null with fewer than 20 steps with a finite loss.
    /// </summary>
    public static double? LastTenthLossRatio(IEnumerable<TrainingProgress> events)
    {
        double[] losses = [.. events.Where(e => e.Kind == ProgressKind.Step && e.Loss is double l && double.IsFinite(l)).Select(e => e.Loss!.Value)];
        int tenth = losses.Length / 10;
        if (tenth < 2) return null;
        return losses[^tenth..].Average() / losses[^(2 * tenth)..^tenth].Average();
    }
}
