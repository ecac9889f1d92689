//go:build !js

package staticsite

import (
	"errors"

	"github.com/aws/smithy-go"
)

// An AWSError is a refused AWS request, in a sentence that says what to do.
type AWSError struct {
	Sentence string
	Code     string // AWS's error code, such as NoSuchBucket
	Err      error
}

func (e *AWSError) Error() string { return e.Sentence + " (" + e.Code + ")" }
func (e *AWSError) Unwrap() error { return e.Err }

// sentences say what to do about the AWS errors a deployment meets.
var sentences = map[string]string{
	"InvalidAccessKeyId":             "AWS does not know this access key: check AWS_ACCESS_KEY_ID or the profile's credentials",
	"InvalidClientTokenId":           "AWS does not know this access key: check AWS_ACCESS_KEY_ID or the profile's credentials",
	"SignatureDoesNotMatch":          "the secret key does not match the access key: check AWS_SECRET_ACCESS_KEY or the profile's credentials",
	"ExpiredToken":                   "the AWS session has expired: sign in again (for example `aws sso login`) and retry",
	"TokenRefreshRequired":           "the AWS session has expired: sign in again (for example `aws sso login`) and retry",
	"NoSuchBucket":                   "the bucket does not exist: create it, or check -bucket",
	"AccessDenied":                   "access denied: the credentials need s3:ListBucket and s3:PutObject on the bucket (s3:DeleteObject with -delete, cloudfront:CreateInvalidation with -distribution)",
	"AllAccessDisabled":              "all access to this bucket has been disabled: check -bucket",
	"PermanentRedirect":              "the bucket is in another region: set -region to the bucket's region",
	"AuthorizationHeaderMalformed":   "the bucket is in another region: set -region to the bucket's region",
	"NoSuchDistribution":             "CloudFront has no distribution with this ID: check -distribution",
	"TooManyInvalidationsInProgress": "CloudFront is still working on earlier invalidations of this distribution: wait a few minutes and deploy again",
}

// Explain turns an AWS API error the deployment knows into an [*AWSError];
// other errors pass through.
func Explain(err error) error {
	var api smithy.APIError
	if !errors.As(err, &api) {
		return err
	}
	if s, ok := sentences[api.ErrorCode()]; ok {
		return &AWSError{Sentence: s, Code: api.ErrorCode(), Err: err}
	}
	return err
}
