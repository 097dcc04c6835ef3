/** ml-logistic-regression ships no types: the part `line-model-fit.ts` uses. */
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    classifiers: Array<{ weights: Matrix }>;
    train(X: Matrix, Y: Matrix): void;
  }
}
