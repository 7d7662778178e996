using System.CommandLine;
using MLSegmentation.Trainers.Methods;

namespace MLSegmentation.Cli;

/// <summary>
/// The command-line options of the methods (CoLab, MaskSup, semantic contrastive), for the commands that train them. Each one
/// given replaces the settings' value; one not given keeps it (the options classes' defaults, which the help shows).
/// </summary>
internal sealed class MethodOptions
{
    private static readonly CoLabOptions s_colab = new();
    private static readonly MaskSupOptions s_maskSup = new();
    private static readonly SemanticContrastiveOptions s_contrastive = new();

    private readonly Option<int> _contextClasses = new("--context-classes") { Description = "colab: context classes K the background is split into.", DefaultValueFactory = _ => s_colab.ContextClasses };
    private readonly Option<MetaGradient> _metaGradient = new("--meta-gradient") { Description = "colab: Exact (double backward) or FiniteDifference (the official code's).", DefaultValueFactory = _ => s_colab.MetaGradient };
    private readonly Option<bool> _freezeGenerator = new("--colab-freeze-generator") { Description = "colab: ablation, the generator keeps its random initialisation (no meta steps)." };
    private readonly Option<double> _coverageMin = new("--mask-coverage-min") { Description = "masksup: least share of the image a hole mask covers.", DefaultValueFactory = _ => s_maskSup.MaskCoverageMin };
    private readonly Option<double> _coverageMax = new("--mask-coverage-max") { Description = "masksup: largest share of the image a hole mask covers.", DefaultValueFactory = _ => s_maskSup.MaskCoverageMax };
    private readonly Option<double> _alpha = new("--masksup-alpha") { Description = "masksup: weight α of the loss on the clean input.", DefaultValueFactory = _ => s_maskSup.Alpha };
    private readonly Option<double> _beta = new("--masksup-beta") { Description = "masksup: weight β of the loss on the masked input (0: no masked branch in the loss).", DefaultValueFactory = _ => s_maskSup.Beta };
    private readonly Option<double> _gamma = new("--masksup-gamma") { Description = "masksup: weight of the consistency term between clean and masked predictions (0: the official multi-class behaviour).", DefaultValueFactory = _ => s_maskSup.Gamma };
    private readonly Option<MaskSupMode> _maskSupMode = new("--masksup-mode") { Description = "masksup: MultiClass (softmax) or Binary (one logit and BCE; two-class data only).", DefaultValueFactory = _ => s_maskSup.Mode };
    private readonly Option<ContrastiveSchedule> _schedule = new("--contrastive-schedule") { Description = "contrastive: PretrainThenFinetune (stage 1 contrastive pretraining, then the segmenter from its encoder) or Joint (L_seg + λ·L_SupCon).", DefaultValueFactory = _ => s_contrastive.Schedule };
    private readonly Option<int?> _pretrainSteps = new("--contrastive-pretrain-steps") { Description = "contrastive: stage-1 steps of PretrainThenFinetune, out of --steps (default: 30 % of --steps)." };
    private readonly Option<AttentionMode> _attention = new("--contrastive-attention") { Description = "contrastive: how an object is selected, FeaturePooling (masked average of encoder features) or InputChannel (the mask as an extra input channel; PretrainThenFinetune only).", DefaultValueFactory = _ => s_contrastive.Attention };
    private readonly Option<ContrastiveLabels> _labels = new("--contrastive-labels") { Description = "contrastive: Semantic (objects of a class are positives, the paper's) or ImageId (the image-level ablation: each image's own id, SimCLR-style).", DefaultValueFactory = _ => s_contrastive.Labels };
    private readonly Option<double> _temperature = new("--contrastive-temperature") { Description = "contrastive: SupCon temperature τ.", DefaultValueFactory = _ => s_contrastive.Temperature };
    private readonly Option<double> _lambda = new("--contrastive-lambda") { Description = "contrastive: weight of the supervised contrastive loss in joint training.", DefaultValueFactory = _ => s_contrastive.Lambda };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
        {
            _contextClasses, _metaGradient, _freezeGenerator, _coverageMin, _coverageMax, _alpha, _beta, _gamma, _maskSupMode,
            _schedule, _pretrainSteps, _attention, _labels, _temperature, _lambda,
        })
            command.Options.Add(option);
    }

    /// <summary>
    /// <paramref name="settings"/> with the method options given on the command line; contrastive's stage-1 steps, when
    /// neither given nor set, are <see cref="SemanticContrastiveOptions.DefaultPretrainSteps"/> of the run's steps.
    /// </summary>
    public TrainSettings Apply(ParseResult r, TrainSettings settings)
    {
        CoLabOptions colab = settings.CoLab;
        MaskSupOptions maskSup = settings.MaskSup;
        SemanticContrastiveOptions contrastive = settings.Contrastive;
        return settings with
        {
            CoLab = colab with
            {
                ContextClasses = Given(r, _contextClasses, colab.ContextClasses), MetaGradient = Given(r, _metaGradient, colab.MetaGradient),
                FreezeGenerator = Given(r, _freezeGenerator, colab.FreezeGenerator),
            },
            MaskSup = maskSup with
            {
                MaskCoverageMin = Given(r, _coverageMin, maskSup.MaskCoverageMin), MaskCoverageMax = Given(r, _coverageMax, maskSup.MaskCoverageMax),
                Alpha = Given(r, _alpha, maskSup.Alpha), Beta = Given(r, _beta, maskSup.Beta), Gamma = Given(r, _gamma, maskSup.Gamma), Mode = Given(r, _maskSupMode, maskSup.Mode),
            },
            Contrastive = contrastive with
            {
                Schedule = Given(r, _schedule, contrastive.Schedule), Attention = Given(r, _attention, contrastive.Attention), Labels = Given(r, _labels, contrastive.Labels),
                Temperature = Given(r, _temperature, contrastive.Temperature), Lambda = Given(r, _lambda, contrastive.Lambda),
                PretrainSteps = r.GetValue(_pretrainSteps) ?? contrastive.PretrainSteps ?? SemanticContrastiveOptions.DefaultPretrainSteps(settings.Training.Steps),
            },
        };
    }

    private static T Given<T>(ParseResult r, Option<T> option, T current) => r.GetResult(option) is { Implicit: false } ? r.GetValue(option)! : current;
}
