<?xml version="1.0" encoding="UTF-8"?>
<CustomApplication xmlns="http://soap.sforce.com/2006/04/metadata">
    <brand>
        <headerColor>#0070D2</headerColor>
        <shouldOverrideOrgTheme>false</shouldOverrideOrgTheme>
    </brand>
    <description>The OneSpan Sign callback event log: what arrived, what failed, and what to replay.</description>
    <formFactors>Large</formFactors>
    <isNavAutoTempTabsDisabled>false</isNavAutoTempTabsDisabled>
    <isNavPersonalizationDisabled>false</isNavPersonalizationDisabled>
    <isNavTabPersistenceDisabled>false</isNavTabPersistenceDisabled>
    <label>OneSpan Sign Callbacks</label>
    <navType>Standard</navType>
    <tabs>OSS_Callback_Health</tabs>
    <tabs>OSS_Callback_Event__c</tabs>
    <uiType>Lightning</uiType>
</CustomApplication>
