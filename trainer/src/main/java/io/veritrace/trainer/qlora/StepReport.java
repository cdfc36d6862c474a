package io.veritrace.trainer.qlora;

/**
 * What one optimizer step did. For DPO, the implicit rewards β·(log π − log π_ref) of the chosen
 * and rejected completions give the reward accuracy (share of pairs with chosen above rejected)
 * and the mean margin (chosen minus rejected); for SFT both are NaN.
 *
 * @param step 1-based, counted across resumes
 * @param gradNorm the global gradient norm before clipping
 * @param tokens sequence tokens run through the model in this step
 */
public record StepReport(int step, double loss, double learningRate, double gradNorm, long tokens, double seconds,
    double rewardAccuracy, double rewardMargin) {}
