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
    /// Mean precision over the foreground classes on the validation samples (per image, then per class as
    /// <see cref="MetricsReport.ClassMeanDice"/> averages Dice; classes no image predicts are left out); NaN when none is predicted.
    /// </summary>
    public double Precision
    {
        get
        {
            double[] classes = [.. Foreground.Where(c => c.Precision.Count > 0).Select(c => c.Precision.Mean)];
            return classes.Length == 0 ? double.NaN : classes.Average();
        }
    }

    /// <summary>
    /// Mean HD95 over the foreground classes on the validation samples (per image, averaged per class over the images whose
    /// prediction has the class, as <see cref="ClassSummary.Hausdorff95"/>); NaN when no class has one, as in an
    /// evaluation written without surface distances.
    /// </summary>
    public double Hausdorff95
    {
        get
        {
            double[] classes = [.. Foreground.Where(c => c.Hausdorff95.Count > 0).Select(c => c.Hausdorff95.Mean)];
            return classes.Length == 0 ? double.NaN : classes.Average();
        }
    }

    /// <summary>Image–class pairs left out of <see cref="Hausdorff95"/>: the truth has the class and the prediction lacks it.</summary>
    public int MissedImages => Foreground.Sum(c => c.Hausdorff95.Excluded);

    private IEnumerable<ClassSummary> Foreground => Evaluation.Classes.Skip(Evaluation.IncludeBackground ? 0 : 1);

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
